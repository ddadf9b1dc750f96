package quebec.balises.ingest;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.BeamTesting;
import quebec.balises.Fixtures;

class ReadFhirRecordsTest {
  @Test
  void readsEveryMatchedFileOnceThroughBeamFileSystems(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("Patient.ndjson"), Fixtures.patient("a") + "\n" + Fixtures.patient("b") + "\n");
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("Episode.ndjson.gz")))) {
      out.write(
          (Fixtures.episode("e", "a", "o", "copd") + "\nnot json\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(
        dir.resolve("b.json"),
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
            + Fixtures.organization("o", "1")
            + "}]}");
    Files.writeString(dir.resolve("notes.txt"), "not an input");
    TestPipeline p = BeamTesting.pipeline();

    PCollectionTuple read =
        p.apply(
            ReadFhirRecords.from(
                List.of(dir + "/*.ndjson*", dir + "/*.json", dir + "/*.txt", dir + "/Patient.*")));

    PAssert.that(read.get(ReadFhirRecords.RECORDS).apply(Count.globally())).containsInAnyOrder(5L);
    PAssert.that(
            read.get(ReadFhirRecords.REJECTED)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings()).via(r -> r.reason().name())))
        .containsInAnyOrder("UNSUPPORTED_FILE");
    PAssert.that(
            read.get(ReadFhirRecords.FILES)
                .apply(
                    "Summaries",
                    MapElements.into(TypeDescriptors.strings())
                        .via(f -> Path.of(f.file()).getFileName() + "=" + f.records())))
        .containsInAnyOrder("Patient.ndjson=2", "Episode.ndjson.gz=2", "b.json=1", "notes.txt=1");
    p.run().waitUntilFinish();
  }
}
