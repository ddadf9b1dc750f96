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

    assertThat(records, hasSize(3));
    assertThat(records.stream().filter(SourceRecord::deletion).count(), is(3L));
    assertThat(
        records.get(1).source(),
        is(SourceRef.lineEntry("QuestionnaireResponse.deleted.ndjson", 1, 1)));
    assertThat(
        records.get(1).source().toString(), is("QuestionnaireResponse.deleted.ndjson:1#entry[1]"));
    assertThat(records.get(2).source().line(), is(2L));
    // A Bundle without entries is the same dead letter on a line as in a Bundle file.
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertThat(
        rejections.get(0).source(), is(SourceRef.line("QuestionnaireResponse.deleted.ndjson", 3)));
    assertThat(rejections.get(0).message(), is("the Bundle's entry is an empty array"));
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
    // Not read as FHIR, but identified in the manifest like every input: "# notes" is 7 bytes.
    assertThat(summary.bytes(), is(7L));
    assertThat(
        summary.sha256(), is("c54df53b8ad1513ab0e1fb91056e0e1429d4f5bed2e073d84dbbc96e2b94230c"));
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

  /** Every record read is emitted or rejected, once. */
  private void assertReconciles(FileSummary summary) {
    assertThat(summary.records(), is((long) records.size() + rejections.size()));
  }

  @Test
  void aLeadingByteOrderMarkCostsNoRecord() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] lines = utf8(Fixtures.patient("a") + "\n" + Fixtures.patient("b") + "\n");
    byte[] file = new byte[bom.length + lines.length];
    System.arraycopy(bom, 0, file, 0, 3);
    System.arraycopy(lines, 0, file, 3, lines.length);

    FileSummary summary = read("Patient.ndjson", file);

    assertThat(records, hasSize(2));
    assertThat(records.get(0).json(), is(Fixtures.patient("a")));
    assertThat(rejections, empty());
    assertThat(summary.sha256(), not(is("")));
    assertReconciles(summary);
  }

  @Test
  void aLineThatIsNotUtf8IsOneDeadLetterAndItsNeighboursAreRead() {
    byte[] latin1 = Fixtures.organization("o1", "1").getBytes(StandardCharsets.ISO_8859_1);
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    file.writeBytes(utf8(Fixtures.patient("a") + "\n"));
    file.writeBytes(latin1);
    file.writeBytes(utf8("\n" + Fixtures.patient("b") + "\n"));

    FileSummary summary = read("export/Patient.ndjson", file.toByteArray());

    assertThat(records.stream().map(r -> r.source().line()).toList(), contains(1L, 3L));
    assertThat(rejections, hasSize(1));
    Rejection bad = rejections.get(0);
    assertThat(bad.reason(), is(RejectReason.INVALID_ENCODING));
    assertThat(bad.source(), is(SourceRef.line("export/Patient.ndjson", 2)));
    assertThat(bad.message(), containsString("the line is not UTF-8"));
    assertReconciles(summary);
  }

  @Test
  void aLineOverMaxRecordBytesIsSkippedUnreadAsOneDeadLetter() {
    String big =
        "{\"resourceType\":\"Patient\",\"id\":\"big\",\"text\":\"" + "x".repeat(5000) + "\"}";
    byte[] file = utf8(Fixtures.patient("a") + "\n" + big + "\n" + Fixtures.patient("b") + "\n");

    FileSummary summary =
        FhirFileReader.read("Patient.ndjson", () -> new ByteArrayInputStream(file), sink, 4096);

    assertThat(records.stream().map(r -> r.source().line()).toList(), contains(1L, 3L));
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.RECORD_TOO_LARGE));
    assertThat(rejections.get(0).source(), is(SourceRef.line("Patient.ndjson", 2)));
    assertThat(
        rejections.get(0).message(),
        is(
            "line of "
                + utf8(big).length
                + " bytes is larger than --maxRecordBytes=4096; it was skipped unread"));
    assertThat(rejections.get(0).rawRecord(), is(""));
    assertReconciles(summary);
  }

  @Test
  void anEmptyGzipFileIsOneClearDeadLetter() {
    FileSummary summary = read("Patient.ndjson.gz", new byte[0]);

    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.UNREADABLE_FILE));
    assertThat(
        rejections.get(0).message(),
        is(
            "reading stopped: the file is empty (0 bytes): a .gz file holds at least a gzip"
                + " header"));
    assertReconciles(summary);
  }

  @Test
  void aBundleWhoseEntryIsAnObjectOrAbsentIsOneDeadLetter() {
    FileSummary summary =
        read(
            "bundle.json",
            utf8(
                "{\"resourceType\":\"Bundle\",\"entry\":{\"resource\":"
                    + Fixtures.patient("p1")
                    + "}}"));
    assertThat(records, empty());
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertThat(
        rejections.get(0).message(),
        is("the Bundle's entry is an object, not an array of entries"));
    assertThat(summary.records(), is(1L));

    rejections.clear();
    FileSummary empty =
        read("empty.json", utf8("{\"resourceType\":\"Bundle\",\"type\":\"batch\"}"));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertThat(rejections.get(0).message(), is("the Bundle has no entry"));
    assertThat(empty.records(), is(1L));

    rejections.clear();
    read("line.ndjson", utf8("{\"resourceType\":\"Bundle\",\"type\":\"batch\"}\n"));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertThat(rejections.get(0).message(), is("the Bundle has no entry"));
  }

  @Test
  void aNullEntryCostsThatEntryOnly() {
    String bundle =
        "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"
            + Fixtures.patient("p1")
            + "},null,{\"resource\":"
            + Fixtures.patient("p2")
            + "}]}";

    FileSummary summary = read("bundle.json", utf8(bundle));

    assertThat(records.stream().map(r -> r.source().entryIndex()).toList(), contains(0, 2));
    assertThat(rejections, hasSize(1));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertThat(rejections.get(0).source(), is(SourceRef.entry("bundle.json", 1)));
    assertThat(rejections.get(0).message(), is("entry[1] is null, not an object"));
    assertThat(summary.records(), is(3L));
    assertReconciles(summary);

    records.clear();
    rejections.clear();
    FileSummary line = read("b.ndjson", utf8(bundle + "\n"));
    assertThat(records, hasSize(2));
    assertThat(rejections.get(0).source(), is(SourceRef.lineEntry("b.ndjson", 1, 1)));
    assertThat(rejections.get(0).reason(), is(RejectReason.INVALID_BUNDLE));
    assertReconciles(line);
  }

  @Test
  void aBundleEntryOverMaxRecordBytesIsSkippedUnreadAndTheOthersKept() {
    String big =
        Fixtures.patient("big")
            .replace("\"gender\"", "\"text\":\"" + "x".repeat(5000) + "\",\"gender\"");
    String bundle =
        "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"
            + Fixtures.patient("p1")
            + "},{\"resource\":"
            + big
            + "},{\"resource\":"
            + Fixtures.patient("p2")
            + "}]}";

    FileSummary summary =
        FhirFileReader.read(
            "bundle.json", () -> new ByteArrayInputStream(utf8(bundle)), sink, 4096);

    assertThat(records.stream().map(r -> r.source().entryIndex()).toList(), contains(0, 2));
    assertThat(rejections.get(0).reason(), is(RejectReason.RECORD_TOO_LARGE));
    assertThat(rejections.get(0).source(), is(SourceRef.entry("bundle.json", 1)));
    assertThat(
        rejections.get(0).message(),
        is(
            "the entry of "
                + utf8("{\"resource\":" + big + "}").length
                + " bytes is larger than --maxRecordBytes=4096; it was skipped unread"));
    assertReconciles(summary);

    rejections.clear();
    FhirFileReader.read("single.json", () -> new ByteArrayInputStream(utf8(big)), sink, 4096);
    assertThat(rejections.get(0).reason(), is(RejectReason.RECORD_TOO_LARGE));
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
