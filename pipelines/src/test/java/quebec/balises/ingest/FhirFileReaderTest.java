package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.model.FileSummary;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

class FhirFileReaderTest {
  private final List<SourceRecord> records = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final FhirFileReader.Sink sink =
      new FhirFileReader.Sink() {
        @Override
        public void record(SourceRecord record) {
          records.add(record);
        }

        @Override
        public void rejected(Rejection rejection) {
          rejections.add(rejection);
        }
      };

  private FileSummary read(String name, byte[] bytes) {
    return FhirFileReader.read(name, () -> new ByteArrayInputStream(bytes), sink);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsNdjsonIntoOneRecordPerLineWithLineNumbersAndSkipsBlankLines() throws Exception {
    byte[] file = utf8(Fixtures.patient("a") + "\n\n" + "{broken\n" + Fixtures.patient("b") + "\n");

    FileSummary summary = read("export/Patient.ndjson", file);

    assertThat(records, hasSize(3));
    assertThat(records.get(0).source().line(), is(1L));
    assertThat(records.get(1).source().line(), is(3L));
    assertThat(records.get(1).json(), is("{broken"));
    assertThat(records.get(2).source().line(), is(4L));
    assertThat(summary.records(), is(3L));
    assertThat(summary.blankLines(), is(1L));
    assertThat(summary.bytes(), is((long) file.length));
    assertThat(summary.sha256(), is(sha256(file)));
  }

  @Test
  void readsGzipNdjsonAndHashesTheCompressedBytes() throws Exception {
    byte[] file = gzip(utf8(Fixtures.patient("a") + "\n" + Fixtures.patient("b") + "\n"));

    FileSummary summary = read("Patient.ndjson.gz", file);

    assertThat(records, hasSize(2));
    assertThat(summary.sha256(), is(sha256(file)));
  }

  @Test
  void corruptGzipKeepsWhatWasReadAndRejectsTheRestAsUnreadable() throws Exception {
    byte[] whole = gzip(utf8((Fixtures.patient("a") + "\n").repeat(2000)));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);

    FileSummary summary = read("Patient.ndjson.gz", cut);

    assertThat(records, not(empty()));
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.UNREADABLE_FILE));
    assertThat(summary.records(), is((long) records.size() + 1));
  }

  @Test
  void resolvesUrnUuidReferencesInABundleAndGivesIdlessEntriesTheirUuid() {
    String bundle =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111",
           "resource":{"resourceType":"Patient","gender":"male"},
           "request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222",
           "resource":{"resourceType":"EpisodeOfCare","id":"ep1",
             "patient":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}},
           "request":{"method":"POST","url":"EpisodeOfCare"}},
          {"request":{"method":"DELETE","url":"Patient/old"}},
          {"request":{"method":"GET","url":"Patient/other"}}
        ]}""";

    FileSummary summary = read("bundle.json", utf8(bundle));

    assertThat(records, hasSize(3));
    assertThat(
        records.get(0).json(), containsString("\"id\":\"11111111-1111-1111-1111-111111111111\""));
    assertThat(
        records.get(1).json(),
        containsString("\"reference\":\"Patient/11111111-1111-1111-1111-111111111111\""));
    assertThat(records.get(1).source().entryIndex(), is(1));
    assertThat("the DELETE entry is a deletion request", records.get(2).deletion(), is(true));
    assertThat(records.get(2).json(), containsString("Patient/old"));
    assertThat(records.get(0).deletion(), is(false));
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.BUNDLE_ENTRY_WITHOUT_RESOURCE));
    assertThat(rejections.get(0).source().entryIndex(), is(3));
    assertThat(summary.records(), is(4L));
  }

  @Test
  void aBulkDataDeletedFileYieldsOneDeletionPerEntryCountedAsARecordEach() {
    String deleted =
        """
        {"resourceType":"Bundle","type":"transaction","entry":[        {"request":{"method":"DELETE","url":"QuestionnaireResponse/qr1"}},        {"request":{"method":"DELETE","url":"QuestionnaireResponse/qr2"}}]}
        {"resourceType":"Bundle","type":"transaction","entry":[        {"request":{"method":"DELETE","url":"Patient/p9"}}]}
        {"resourceType":"Bundle","type":"transaction","entry":[]}
        """;

    FileSummary summary = read("QuestionnaireResponse.deleted.ndjson", utf8(deleted));

    assertThat(records, hasSize(4));
    assertThat(records.stream().filter(SourceRecord::deletion).count(), is(3L));
    assertThat(
        records.get(1).source(),
        is(SourceRef.lineEntry("QuestionnaireResponse.deleted.ndjson", 1, 1)));
    assertThat(
        records.get(1).source().toString(), is("QuestionnaireResponse.deleted.ndjson:1#entry[1]"));
    assertThat(records.get(2).source().line(), is(2L));
    assertThat(
        "an empty Bundle is read as one record, for parsing to judge",
        records.get(3).deletion(),
        is(false));
    assertThat(summary.records(), is(4L));
  }

  @Test
  void bundleEntriesMayComeBeforeTheResourceType() {
    String bundle =
        "{\"entry\":[{\"resource\":" + Fixtures.patient("p1") + "}],\"resourceType\":\"Bundle\"}";

    read("bundle.json", utf8(bundle));

    assertThat(records, hasSize(1));
    assertThat(records.get(0).json(), containsString("\"id\":\"p1\""));
  }

  @Test
  void aJsonFileThatIsNotABundleIsOneResource() {
    FileSummary summary = read("single.json", utf8(Fixtures.patient("solo")));

    assertThat(records, hasSize(1));
    assertThat(records.get(0).source().line(), is((Long) null));
    assertThat(summary.records(), is(1L));
  }

  @Test
  void malformedJsonDocumentIsOneDeadLetterForTheFile() {
    FileSummary summary = read("bundle.json", utf8("{\"resourceType\":\"Bundle\",\"entry\":[{"));

    assertThat(records, empty());
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.MALFORMED_JSON));
    assertThat(summary.records(), is(1L));
  }

  @Test
  void otherFileKindsAreOneDeadLetterNamingTheFile() {
    FileSummary summary = read("export/README.md", utf8("# notes"));

    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.UNSUPPORTED_FILE));
    assertThat(rejections.get(0).source().file(), is("export/README.md"));
    assertThat(summary.records(), is(1L));
  }

  @Test
  void anUnopenableFileIsOneDeadLetter() {
    FileSummary summary =
        FhirFileReader.read(
            "gone.ndjson",
            () -> {
              throw new IOException("no such file");
            },
            sink);

    assertThat(
        rejections.stream().map(Rejection::reason).toList(),
        contains(RejectReason.UNREADABLE_FILE));
    assertThat(summary.records(), is(1L));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
