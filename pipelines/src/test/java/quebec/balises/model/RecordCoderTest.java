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
   * Every record of the sample's responses file, as the parser makes it (payloads and problems):
   * parsed once for the class, as three tests read it and none changes it.
   */
  private static List<ResourceParser.Result> sample;

  private static synchronized List<ResourceParser.Result> sampleResults() throws IOException {
    if (sample == null) {
      sample = List.copyOf(parseSample());
    }
    return sample;
  }

  private static List<ResourceParser.Result> parseSample() throws IOException {
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

  /** A key of strings, numbers, a date, an enum and a list of such records. */
  record Key(String name, long count, LocalDate day, RejectReason reason, List<SourceRef> where) {}

  record WithDouble(String name, double value) {}

  record WithPolymorphic(String name, Object value) {}

  record Nested(Key key, List<WithDouble> values) {}

  record Rows(double[] covariates, double outcome) {}

  record Flags(String name, boolean[] set) {}

  @Test
  void isDeterministicExactlyWhenEveryComponentIs() throws Exception {
    RecordCoder.of(Key.class).verifyDeterministic();
    CoderProperties.coderDeterministic(
        RecordCoder.of(Key.class),
        new Key("a", 2, LocalDate.of(2026, 1, 2), RejectReason.MISSING_ID, List.of()),
        new Key("a", 2, LocalDate.of(2026, 1, 2), RejectReason.MISSING_ID, List.of()));
    Coder.NonDeterministicException doubles =
        assertThrows(
            Coder.NonDeterministicException.class,
            () -> RecordCoder.of(WithDouble.class).verifyDeterministic());
    assertThat(
        doubles.getMessage().contains("a double in WithDouble is not coded deterministically"),
        is(true));
    assertThrows(
        Coder.NonDeterministicException.class,
        () -> RecordCoder.of(WithPolymorphic.class).verifyDeterministic());
    Coder.NonDeterministicException nested =
        assertThrows(
            Coder.NonDeterministicException.class,
            () -> RecordCoder.of(Nested.class).verifyDeterministic());
    assertThat(nested.getMessage().contains("WithDouble"), is(true));
    assertThrows(
        Coder.NonDeterministicException.class,
        () ->
            RecordCoder.of(quebec.balises.indicators.IndicatorFigure.class).verifyDeterministic());
    RecordCoder.of(quebec.balises.indicators.IndicatorPeriod.class).verifyDeterministic();
  }

  @Test
  void codesArraysOfDoubles() throws Exception {
    Rows rows = new Rows(new double[] {1.5, -0.0, Double.NaN, 1e300}, 2.25);
    Rows back = roundTrip(RecordCoder.of(Rows.class), rows);
    assertThat(java.util.Arrays.equals(back.covariates(), rows.covariates()), is(true));
    assertThat(back.outcome(), is(2.25));
    assertThat(
        Double.doubleToRawLongBits(back.covariates()[1]), is(Double.doubleToRawLongBits(-0.0)));
    assertThat(
        roundTrip(RecordCoder.of(Rows.class), new Rows(new double[0], 0)).covariates().length,
        is(0));
  }

  @Test
  void codesArraysOfBooleansDeterministically() throws Exception {
    Flags flags = new Flags("aliased", new boolean[] {false, true, true, false});
    Flags back = roundTrip(RecordCoder.of(Flags.class), flags);
    assertThat(java.util.Arrays.equals(back.set(), flags.set()), is(true));
    assertThat(
        roundTrip(RecordCoder.of(Flags.class), new Flags("none", new boolean[0])).set().length,
        is(0));
    RecordCoder.of(Flags.class).verifyDeterministic();
  }

  /**
   * The records that pass between stages name their coder once, by {@code @DefaultCoder}: Beam's
   * registry then gives the record coder (and a protected figure its own), never Java
   * serialization, without a {@code setCoder} at each stage.
   */
  @Test
  void theRegistryGivesTheRecordCoderToAnnotatedRecords() throws Exception {
    org.apache.beam.sdk.coders.CoderRegistry registry =
        org.apache.beam.sdk.coders.CoderRegistry.createDefault();
    for (Class<?> type :
        List.of(
            quebec.balises.indicators.IndicatorFigure.class,
            quebec.balises.indicators.IndicatorPeriod.class,
            quebec.balises.indicators.CaseMixModel.class,
            quebec.balises.indicators.CaseMixModel.Term.class,
            quebec.balises.indicators.ActionPlan.class,
            quebec.balises.episodes.EpisodeScale.class,
            Rejection.class)) {
      assertThat(type.getName(), registry.getCoder(type), is(RecordCoder.of(type)));
    }
    assertThat(
        registry.getCoder(quebec.balises.disclosure.ProtectedFigure.class),
        is(quebec.balises.disclosure.ProtectedFigure.coder()));
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
