package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

/**
 * Records that HAPI's lenient parser would turn into a null (and a crash later) or into other data:
 * each is one dead letter with its own reason, named, at its position.
 */
class StrictParsingTest {
  private final ResourceParser parser =
      new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2026, 1, 1));

  private ResourceParser.Result parse(String json) {
    return parser.parseGuarded(new SourceRecord(SourceRef.line("night.ndjson", 12), json));
  }

  /** The reason and message, whether rejected at once or carried as a content problem. */
  private String outcome(String json) {
    ResourceParser.Result result = parse(json);
    if (result instanceof ResourceParser.Failed failed) {
      assertThat(failed.rejection().source(), is(SourceRef.line("night.ndjson", 12)));
      return failed.rejection().reason() + ": " + failed.rejection().message();
    }
    ParsedResource resource = ((ResourceParser.Parsed) result).resource();
    assertThat(resource.source(), is(SourceRef.line("night.ndjson", 12)));
    return resource.problem() == null
        ? "accepted"
        : resource.problem().reason() + ": " + resource.problem().message();
  }

  @Test
  void aGenderCodeFhirDoesNotDefineIsAnInvalidValueNotANull() {
    String patient = Fixtures.patient("p1").replace("\"female\"", "\"M\"");
    assertThat(
        outcome(patient),
        is("INVALID_VALUE: gender 'M' is not valid: Unknown AdministrativeGender code 'M'"));
  }

  @Test
  void aLastUpdatedThatIsNotAFhirInstantIsRejectedAtOnce() {
    String patient = Fixtures.withMeta(Fixtures.patient("p1"), "2", "2025-01-01T00:00:00+0000");
    ResourceParser.Result result = parse(patient);
    assertThat(result, instanceOf(ResourceParser.Failed.class));
    assertThat(
        outcome(patient),
        is(
            "INVALID_DATE: meta.lastUpdated '2025-01-01T00:00:00+0000' is not a FHIR instant"
                + " (YYYY-MM-DDThh:mm:ss with Z or +hh:mm)"));
  }

  @Test
  void idsThatAreNotFhirIdsAreRejectedNeverRewritten() {
    assertThat(
        outcome(Fixtures.patient("p1").replace("\"id\":\"p1\"", "\"id\":\"Patient/pat-000002\"")),
        is(
            "INVALID_ID: id 'Patient/pat-000002' is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .);"
                + " ids are never rewritten"));
    assertThat(
        outcome(Fixtures.patient("p1").replace("\"id\":\"p1\"", "\"id\":\"../../etc/passwd\"")),
        containsString("INVALID_ID: id '../../etc/passwd'"));
    assertThat(
        outcome(
            Fixtures.patient("p1").replace("\"id\":\"p1\"", "\"id\":\"" + "a".repeat(65) + "\"")),
        containsString("INVALID_ID"));
    assertThat(
        outcome(Fixtures.patient("p1").replace("\"id\":\"p1\"", "\"id\":12")),
        containsString("INVALID_ID: id '12'"));
    assertThat(outcome(Fixtures.patient("pat-000002.v1")), is("accepted"));
  }

  @Test
  void aDeletionOfAnIdThatIsNotAFhirIdIsRejected() {
    String entry = "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient/a b\"}}";
    ResourceParser.Result result =
        parser.parseGuarded(SourceRecord.deletion(SourceRef.lineEntry("d.ndjson", 1, 0), entry));
    assertThat(((ResourceParser.Failed) result).rejection().reason(), is(RejectReason.INVALID_ID));
  }

  @Test
  void statusesAreMatchedExactlyAsFhirSpellsThem() {
    String episode = Fixtures.episode("e1", "p1", "o1", "copd");
    assertThat(
        outcome(episode.replace("\"finished\"", "\"Cancelled\"")),
        is(
            "INVALID_VALUE: status 'Cancelled' is not a FHIR status code (codes are lower case,"
                + " spelled exactly as FHIR defines them)"));
    assertThat(
        outcome(episode.replace("\"finished\"", "\"Finished\"")),
        containsString("INVALID_VALUE: status 'Finished'"));
    String response = Fixtures.response("r1", "p1", "e1");
    assertThat(
        outcome(response.replace("\"completed\"", "\"ENTERED-IN-ERROR\"")),
        containsString("INVALID_VALUE: status 'ENTERED-IN-ERROR'"));
    assertThat(outcome(episode), is("accepted"));
  }

  @Test
  void anAuthoredTimeWithoutOffsetIsReadInQuebecWhateverTheHost() {
    String response =
        Fixtures.response("r1", "p1", "e1", Fixtures.EQ5D, "2025-02-10T23:30:00", "completed");
    TimeZone host = TimeZone.getDefault();
    try {
      for (String zone : new String[] {"UTC", "Asia/Tokyo", "America/Los_Angeles"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        ResponseRecord record =
            (ResponseRecord) ((ResourceParser.Parsed) parse(response)).resource().payload();
        // 23:30 in Montreal in February is 04:30 UTC the next day; the day stays the 10th.
        assertThat(zone, record.authoredDate(), is(LocalDate.of(2025, 2, 10)));
        assertThat(zone, record.authoredAt(), is(Instant.parse("2025-02-11T04:30:00Z")));
      }
    } finally {
      TimeZone.setDefault(host);
    }
  }

  @Test
  void twoAnswersOrTwoValuesToAnItemThatTakesOneAreRejectedNamingTheItem() {
    String response = Fixtures.response("r1", "p1", "e1");
    String twoValues =
        response.replace(
            "{\"valueInteger\":70}", "{\"valueInteger\":70,\"valueCoding\":{\"code\":\"1\"}}");
    assertThat(
        outcome(twoValues),
        is(
            "TOO_MANY_ANSWERS: item 'vas': one answer holds two values (valueInteger and"
                + " valueCoding)"));
    String twoAnswers =
        response.replace(
            "[{\"valueInteger\":70}]", "[{\"valueInteger\":70},{\"valueInteger\":20}]");
    assertThat(outcome(twoAnswers), is("TOO_MANY_ANSWERS: item 'vas' has 2 answers; it takes one"));
    String repeated =
        response.replace(
            "{\"linkId\":\"vas\",\"answer\":[{\"valueInteger\":70}]}",
            "{\"linkId\":\"vas\",\"answer\":[{\"valueInteger\":70}]},"
                + "{\"linkId\":\"vas\",\"answer\":[{\"valueInteger\":20}]}");
    assertThat(
        outcome(repeated),
        is(
            "TOO_MANY_ANSWERS: item 'vas' is answered more than once in the response; it takes"
                + " one answer"));
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 50_004; i++) {
      many.append(i == 0 ? "" : ",").append("{\"valueInteger\":70}");
    }
    String flood = response.replace("[{\"valueInteger\":70}]", many.append("]").toString());
    assertThat(outcome(flood), is("TOO_MANY_ANSWERS: item 'vas' has 50004 answers; it takes one"));
  }

  @Test
  void jsonMustBeStrictNoSingleQuotesNoDuplicateKeys() {
    assertThat(outcome("{'resourceType':'Patient','id':'p1'}"), containsString("MALFORMED_JSON"));
    String duplicate =
        Fixtures.patient("p1").replace("\"id\":\"p1\",", "\"id\":\"p1\",\"id\":\"p2\",");
    assertThat(
        outcome(duplicate),
        is("MALFORMED_JSON: malformed JSON at line 1, column 41: Duplicate field 'id'"));
    assertThat(outcome(Fixtures.patient("p1") + " {}"), containsString("MALFORMED_JSON"));
  }

  @Test
  void datesThatCannotBeTrueAreImplausible() {
    assertThat(
        outcome(Fixtures.patient("p1").replace("1950-06-15", "1899-12-31")),
        is("IMPLAUSIBLE_DATE: birthDate 1899-12-31 is before 1900 and cannot be true"));
    String episode = Fixtures.episode("e1", "p1", "o1", "copd");
    assertThat(
        outcome(episode.replace("2025-03-01", "0001-01-01")),
        is("IMPLAUSIBLE_DATE: period.start 0001-01-01 is before 1900 and cannot be true"));
    assertThat(
        outcome(episode.replace("2025-03-01", "9999-12-31")),
        is(
            "IMPLAUSIBLE_DATE: period.start 9999-12-31 is more than 1 year after the run's"
                + " reference date 2026-01-01"));
    // A planned episode within a year of the reference date is allowed.
    EpisodeRecord planned =
        (EpisodeRecord)
            ((ResourceParser.Parsed) parse(episode.replace("2025-03-01", "2027-01-01")))
                .resource()
                .payload();
    assertThat(planned.anchorDate(), is(LocalDate.of(2027, 1, 1)));
    assertThat(
        outcome(Fixtures.response("r1", "p1", "e1", Fixtures.EQ5D, "1899-06-01", "completed")),
        containsString("IMPLAUSIBLE_DATE: authored 1899-06-01 is before 1900"));
  }

  @Test
  void anUnexpectedExceptionIsADeadLetterNamingItNeverAThrow() {
    SourceRecord record = new SourceRecord(SourceRef.line("night.ndjson", 3), "{}");
    ResourceParser.Result result =
        ResourceParser.guarded(
            record,
            r -> {
              throw new NullPointerException("boom");
            });
    var rejection = ((ResourceParser.Failed) result).rejection();
    assertThat(rejection.reason(), is(RejectReason.INTERNAL_ERROR));
    assertThat(
        rejection.message(),
        is("parsing failed unexpectedly: java.lang.NullPointerException: boom"));
    assertThat(rejection.source(), is(SourceRef.line("night.ndjson", 3)));
    assertThat(rejection.rawRecord(), is("{}"));
  }

  @Test
  void aValidPatientKeepsItsGender() {
    PatientRecord patient =
        (PatientRecord)
            ((ResourceParser.Parsed) parse(Fixtures.patient("p1"))).resource().payload();
    assertThat(patient.sex(), is("female"));
    assertThat(
        ((ResourceParser.Parsed) parse(Fixtures.patient("p1"))).resource().problem(), nullValue());
  }

  @Test
  void aShapeThatTripsHapisParserIsAnInvalidResourceNotACrash() {
    // Found by ParserNeverThrowsProperties: HAPI throws a NullPointerException on this.
    String patient = Fixtures.patient("p1").replace("\"extension\":[{", "\"extension\":[null,{");
    assertThat(
        outcome(patient),
        is(
            "INVALID_RESOURCE: HAPI cannot read this JSON as a FHIR resource (an element of an"
                + " unexpected shape, such as a null in an array): NullPointerException"));
  }
}
