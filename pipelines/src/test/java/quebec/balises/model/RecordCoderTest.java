package quebec.balises.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.scoring.ScoredResponse;

class RecordCoderTest {
  private static final Path SAMPLE_RESPONSES =
      Path.of("../sample-data/fhir/QuestionnaireResponse.ndjson.gz");
  private static final int SAMPLE_LINES = 3000;

  /**
   * Every record of the sample's responses file, as the parser makes it (payloads and problems).
   */
  private static List<ResourceParser.Result> sampleResults() throws IOException {
    ResourceParser parser =
        new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 11, 1));
    List<ResourceParser.Result> results = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(SAMPLE_RESPONSES)),
                StandardCharsets.UTF_8))) {
      String json;
      long line = 0;
      while ((json = lines.readLine()) != null && line < SAMPLE_LINES) {
        results.add(parser.parse(new SourceRecord(SourceRef.line("f.ndjson", ++line), json)));
      }
    }
    return results;
  }

  private static <T> T roundTrip(Coder<T> coder, T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(value, out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    T decoded = coder.decode(in);
    assertThat("bytes left over for " + value, in.available(), is(0));
    return decoded;
  }

  @Test
  void everyParsedSampleRecordAndDeadLetterComesBackEqual() throws Exception {
    RecordCoder<ParsedResource> parsed = RecordCoder.of(ParsedResource.class);
    RecordCoder<Rejection> rejections = RecordCoder.of(Rejection.class);
    int payloads = 0;
    int problems = 0;
    int failed = 0;
    for (ResourceParser.Result result : sampleResults()) {
      if (result instanceof ResourceParser.Parsed p) {
        assertThat(roundTrip(parsed, p.resource()), is(p.resource()));
        payloads += p.resource().payload() != null ? 1 : 0;
        problems += p.resource().problem() != null ? 1 : 0;
      } else {
        Rejection r = ((ResourceParser.Failed) result).rejection();
        assertThat(roundTrip(rejections, r), is(r));
        failed++;
      }
    }
    // The sample holds every kind: accepted payloads, content problems and outright failures.
    assertThat(payloads > 1000 && problems > 0 && failed > 0, is(true));
  }

  @Test
  void linkedAndScoredResponsesComeBackEqual() throws Exception {
    InstrumentRegistry registry = InstrumentRegistry.bundled();
    PatientRecord patient =
        new PatientRecord("p1", "nam|ABCD12345678", "female", LocalDate.of(1950, 6, 15), 3, null);
    EstablishmentRecord site =
        new EstablishmentRecord("o1", "11045", "Hôpital", "0611", "RLS", "06", "Montréal");
    EpisodeRecord episode =
        new EpisodeRecord("e1", "p1", "o1", "hip-arthroplasty", LocalDate.of(2025, 3, 1), "active");
    LinkedEpisode linkedEpisode =
        new LinkedEpisode(episode, patient, site, SourceRef.entry("b.json", 4));
    for (ResourceParser.Result result : sampleResults()) {
      if (result instanceof ResourceParser.Parsed p
          && p.resource().payload() instanceof ResponseRecord response) {
        LinkedResponse linked = new LinkedResponse(response, linkedEpisode, p.resource().source());
        ScoredResponse scored = new ScoredResponse(linked, registry.score(response));
        assertThat(roundTrip(RecordCoder.of(ScoredResponse.class), scored), is(scored));
      }
    }
  }

  @Test
  void keepsNullsInstantsAndNonRecordValues() throws Exception {
    ResponseRecord response =
        new ResponseRecord(
            "r",
            "p",
            "e",
            "u",
            "1",
            "EQ5D5L",
            "completed",
            LocalDate.of(2024, 2, 29),
            Instant.parse("2024-02-29T23:59:59.123456Z"),
            List.of(new ResponseRecord.Answer("a", null, null, -1.5)),
            "https://balises.quebec/fhir/ConceptMap/x|1",
            null);
    assertThat(roundTrip(RecordCoder.of(ResponseRecord.class), response), is(response));
    Map<String, Integer> map = new TreeMap<>(Map.of("b", 2, "a", 1));
    Holder holder = new Holder(map, null, 'x', 7L, List.of("x", "y"));
    assertThat(roundTrip(RecordCoder.of(Holder.class), holder), is(holder));
  }

  /** A record with a component of a type the coder does not know, coded by Java serialization. */
  record Holder(
      Map<String, Integer> map, Serializable missing, Serializable ch, Object number, Object list)
      implements Serializable {}

  @Test
  void isSerializableAndConsistentAcrossInstances() throws Exception {
    RecordCoder<SourceRef> coder = RecordCoder.of(SourceRef.class);
    SerializableUtils.ensureSerializable(coder);
    CoderProperties.coderSerializable(coder);
    CoderProperties.coderDecodeEncodeEqual(coder, SourceRef.line("a", 3));
    CoderProperties.coderDecodeEncodeEqual(coder, SourceRef.wholeFile("a"));
    assertThat(coder, is(RecordCoder.of(SourceRef.class)));
  }

  @Test
  void isSmallerThanJavaSerialization() throws Exception {
    for (ResourceParser.Result result : sampleResults()) {
      if (result instanceof ResourceParser.Parsed p && p.resource().payload() != null) {
        ParsedResource r = p.resource();
        int compact = CoderUtils.encodeToByteArray(RecordCoder.of(ParsedResource.class), r).length;
        int java =
            CoderUtils.encodeToByteArray(SerializableCoder.of(ParsedResource.class), r).length;
        assertThat(compact, lessThan(java));
      }
    }
  }

  @Test
  void refusesWhatIsNotARecordAndNulls() {
    assertThrows(IllegalArgumentException.class, () -> RecordCoder.of(String.class));
    assertThrows(
        IOException.class,
        () -> RecordCoder.of(SourceRef.class).encode(null, new ByteArrayOutputStream()));
  }

  @Test
  void aPayloadIsCodedByItsPlaceInThePermitsListNotByItsClassName() throws IOException {
    ParsedResource patient =
        new ParsedResource(
            SourceRef.line("p.ndjson", 1),
            ResourceKind.PATIENT,
            "p1",
            "p1",
            "1",
            null,
            null,
            null,
            new PatientRecord("p1", "RAMQ1", "female", LocalDate.of(1950, 6, 15), 2, null),
            "{}");
    RecordCoder<ParsedResource> coder = RecordCoder.of(ParsedResource.class);
    assertThat(roundTrip(coder, patient), is(patient));
    String bytes =
        new String(CoderUtils.encodeToByteArray(coder, patient), StandardCharsets.ISO_8859_1);
    assertThat(bytes.contains("PatientRecord"), is(false));
    for (Class<?> permitted : Payload.class.getPermittedSubclasses()) {
      assertThat(permitted + " is a record", permitted.isRecord(), is(true));
    }
  }

  @Test
  void aPayloadOfAnotherKindIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ParsedResource(
                SourceRef.line("p.ndjson", 1),
                ResourceKind.EPISODE_OF_CARE,
                "p1",
                "p1",
                null,
                null,
                null,
                null,
                new PatientRecord("p1", "p1", null, null, null, null),
                "{}"));
  }
}
