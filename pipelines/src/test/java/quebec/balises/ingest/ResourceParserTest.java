package quebec.balises.ingest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;

class ResourceParserTest {
  private static final QuestionnaireCatalog CATALOG =
      QuestionnaireCatalog.builder()
          .add("https://balises.quebec/fhir/Questionnaire/eq-5d-5l", "1.0.0", "EQ5D5L")
          .build();
  private final ResourceParser parser = new ResourceParser(CATALOG, LocalDate.of(2025, 6, 1));

  private ResourceParser.Result parse(String json) {
    return parser.parse(new SourceRecord(SourceRef.line("f.ndjson", 7), json));
  }

  private ParsedResource parsed(String json) {
    ResourceParser.Result result = parse(json);
    assertThat(result, instanceOf(ResourceParser.Parsed.class));
    return ((ResourceParser.Parsed) result).resource();
  }

  /** The reason, whether the record is rejected at once or carries a problem for later. */
  private RejectReason reason(String json) {
    ResourceParser.Result result = parse(json);
    if (result instanceof ResourceParser.Failed failed) {
      assertThat(failed.rejection().source().line(), is(7L));
      return failed.rejection().reason();
    }
    ParsedResource resource = ((ResourceParser.Parsed) result).resource();
    return resource.problem() == null ? null : resource.problem().reason();
  }

  @Test
  void readsAResponseWithItsReferencesQuestionnaireAndAnswers() {
    ParsedResource resource =
        parsed(Fixtures.withMeta(Fixtures.response("r1", "p1", "e1"), "3", "2025-02-11T00:00:00Z"));

    assertThat(resource.problem(), nullValue());
    assertThat(resource.versionId(), is("3"));
    assertThat(
        resource.lastUpdatedMillis(), is(Instant.parse("2025-02-11T00:00:00Z").toEpochMilli()));
    ResponseRecord response = (ResponseRecord) resource.payload();
    assertThat(response.patientId(), is("p1"));
    assertThat(response.episodeId(), is("e1"));
    assertThat(response.instrument(), is("EQ5D5L"));
    assertThat(response.questionnaireVersion(), is("1.0.0"));
    assertThat(response.authoredDate(), is(LocalDate.of(2025, 2, 10)));
    assertThat(response.authoredAt(), is(Instant.parse("2025-02-10T14:30:00Z")));
    assertThat(response.answers(), hasSize(2));
    assertThat(response.answers().get(0).code(), is("2"));
    assertThat(response.answers().get(1).number(), is(70.0));
  }

  @Test
  void authoredDateIsTheDayInQuebec() {
    String lateEvening =
        Fixtures.response("r1", "p1", "e1", Fixtures.EQ5D, "2025-02-11T03:30:00Z", "completed");
    ResponseRecord response = (ResponseRecord) parsed(lateEvening).payload();
    assertThat(response.authoredDate(), is(LocalDate.of(2025, 2, 10)));
  }

  @Test
  void aDateWithoutTimeHasNoInstant() {
    String dateOnly = Fixtures.response("r1", "p1", "e1", Fixtures.EQ5D, "2025-02-10", "amended");
    ResponseRecord response = (ResponseRecord) parsed(dateOnly).payload();
    assertThat(response.authoredDate(), is(LocalDate.of(2025, 2, 10)));
    assertThat(response.authoredAt(), nullValue());
  }

  @Test
  void readsPatientsEpisodesAndEstablishments() {
    PatientRecord patient = (PatientRecord) parsed(Fixtures.patient("p1")).payload();
    assertThat(patient.pseudonymSource(), is("nam|NAM-p1"));
    assertThat(patient.birthDate(), is(LocalDate.of(1950, 6, 15)));
    assertThat(patient.materialDeprivationQuintile(), is(3));
    assertThat(patient.socialDeprivationQuintile(), nullValue());

    EpisodeRecord episode =
        (EpisodeRecord) parsed(Fixtures.episode("e1", "p1", "o1", "copd")).payload();
    assertThat(episode.trajectory(), is("copd"));
    assertThat(episode.organizationId(), is("o1"));
    assertThat(episode.anchorDate(), is(LocalDate.of(2025, 3, 1)));

    EstablishmentRecord site =
        (EstablishmentRecord) parsed(Fixtures.organization("o1", "11045101")).payload();
    assertThat(site.code(), is("11045101"));
    assertThat(site.rlsCode(), is("0611"));
    assertThat(site.regionCode(), is("06"));
  }

  @Test
  void aPatientWithoutNamIsPseudonymisedFromItsLogicalId() {
    String json = Fixtures.patient("p9").replaceAll("\"identifier\":\\[[^]]*],", "");
    assertThat(((PatientRecord) parsed(json).payload()).pseudonymSource(), is("Patient/p9"));
  }

  private ResourceParser.Result deletion(String entry) {
    return parser.parse(SourceRecord.deletion(SourceRef.lineEntry("d.ndjson", 3, 0), entry));
  }

  @Test
  void aDeleteEntryNamesTheResourceItRemovesAndWhen() {
    ParsedResource plain =
        ((ResourceParser.Parsed)
                deletion(
                    "{\"request\":{\"method\":\"DELETE\",\"url\":\"QuestionnaireResponse/qr1\"}}"))
            .resource();
    assertThat(plain.reference(), is("QuestionnaireResponse/qr1"));
    assertThat(plain.lastUpdatedMillis(), is(nullValue()));
    assertThat(plain.problem().reason(), is(RejectReason.DELETION_REQUEST));

    ParsedResource timed =
        ((ResourceParser.Parsed)
                deletion(
                    "{\"request\":{\"method\":\"DELETE\","
                        + "\"url\":\"https://ehr.example/fhir/Patient/p1/_history/4\"},"
                        + "\"response\":{\"lastModified\":\"2025-03-01T10:00:00Z\"}}"))
            .resource();
    assertThat(timed.reference(), is("Patient/p1"));
    assertThat(timed.lastUpdatedMillis(), is(Instant.parse("2025-03-01T10:00:00Z").toEpochMilli()));
  }

  @Test
  void aDeleteEntryThatNamesNoSingleResourceOrAnotherTypeIsRejected() {
    assertThat(
        ((ResourceParser.Failed)
                deletion("{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?name=x\"}}"))
            .rejection()
            .reason(),
        is(RejectReason.INVALID_RESOURCE));
    assertThat(
        ((ResourceParser.Failed)
                deletion("{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/o1\"}}"))
            .rejection()
            .reason(),
        is(RejectReason.UNSUPPORTED_RESOURCE_TYPE));
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThat(reason("{\"resourceType\":\"Patient\",\"id\":"), is(RejectReason.MALFORMED_JSON));
  }

  @Test
  void rejectsJsonThatIsNotAFhirResource() {
    assertThat(reason("{\"id\":\"x\",\"note\":\"log line\"}"), is(RejectReason.INVALID_RESOURCE));
    assertThat(
        reason("{\"resourceType\":\"NoSuchType\",\"id\":\"x\"}"),
        is(RejectReason.INVALID_RESOURCE));
  }

  @Test
  void rejectsResourceTypesThePipelineDoesNotRead() {
    assertThat(
        reason("{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\",\"code\":{}}"),
        is(RejectReason.UNSUPPORTED_RESOURCE_TYPE));
  }

  @Test
  void rejectsResourcesWithoutId() {
    assertThat(
        reason(Fixtures.patient("p1").replace("\"id\":\"p1\",", "")), is(RejectReason.MISSING_ID));
  }

  @Test
  void responseWithoutSubjectMissesAReference() {
    String response = Fixtures.response("r1", "p1", "e1");
    assertThat(
        reason(response.replaceAll("\"subject\":\\{[^}]*},", "")),
        is(RejectReason.MISSING_REFERENCE));
    // Without the episode extension the episode is found at linkage (EpisodeLinkage): through
    // the encounter, else inferred from the patient's episodes.
    assertThat(reason(response.replaceAll("\"extension\":\\[[^]]*],", "")), nullValue());
    assertThat(
        reason(response.replace("\"reference\":\"Patient/p1\"", "\"reference\":\"Group/g1\"")),
        is(RejectReason.MISSING_REFERENCE));
  }

  @Test
  void anUnresolvedUrnReferenceDangles() {
    String response =
        Fixtures.response("r1", "p1", "e1").replace("Patient/p1", "urn:uuid:0000-never-defined");
    assertThat(reason(response), is(RejectReason.DANGLING_REFERENCE));
  }

  @Test
  void questionnaireMustBeVersionedAndKnown() {
    String url = "https://balises.quebec/fhir/Questionnaire/eq-5d-5l";
    assertThat(
        reason(Fixtures.response("r", "p", "e", url, "2025-02-10", "completed")),
        is(RejectReason.UNVERSIONED_QUESTIONNAIRE));
    assertThat(
        reason(Fixtures.response("r", "p", "e", url + "|9.9", "2025-02-10", "completed")),
        is(RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION));
    assertThat(
        reason(Fixtures.response("r", "p", "e", "https://x.org/Q/a|1", "2025-02-10", "completed")),
        is(RejectReason.UNKNOWN_QUESTIONNAIRE));
    assertThat(
        reason(Fixtures.response("r", "p", "e").replaceAll("\"questionnaire\":\"[^\"]*\",", "")),
        is(RejectReason.MISSING_ELEMENT));
  }

  @Test
  void authoredMustBeAValidDayNotInTheFuture() {
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-13-45", "completed")),
        is(RejectReason.INVALID_DATE));
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-02", "completed")),
        is(RejectReason.INVALID_DATE));
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-06-02", "completed")),
        is(RejectReason.FUTURE_DATE));
    assertThat(
        reason(
            Fixtures.response(
                "r", "p", "e", Fixtures.EQ5D, "2025-06-01T23:59:00-04:00", "completed")),
        nullValue());
    assertThat(
        reason(Fixtures.response("r", "p", "e").replaceAll("\"authored\":\"[^\"]*\",", "")),
        is(RejectReason.MISSING_ELEMENT));
  }

  @Test
  void onlyCompletedAndAmendedResponsesAreUsable() {
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-02-10", "entered-in-error")),
        is(RejectReason.ENTERED_IN_ERROR));
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-02-10", "in-progress")),
        is(RejectReason.STATUS_NOT_USABLE));
    assertThat(
        reason(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-02-10", "stopped")),
        is(RejectReason.STATUS_NOT_USABLE));
  }

  @Test
  void anEnteredInErrorResponseKeepsItsStatusForVersionSelection() {
    ParsedResource resource =
        parsed(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-02-10", "entered-in-error"));
    assertThat(resource.status(), is("entered-in-error"));
    assertThat(resource.payload(), nullValue());
  }

  @Test
  void episodeNeedsATrajectoryPatientEstablishmentAndAnchorDate() {
    String episode = Fixtures.episode("e1", "p1", "o1", "copd");
    assertThat(
        reason(Fixtures.episode("e1", "p1", "o1", "dermatology")),
        is(RejectReason.UNKNOWN_TRAJECTORY));
    assertThat(
        reason(episode.replaceAll("\"patient\":\\{[^}]*},", "")),
        is(RejectReason.MISSING_REFERENCE));
    assertThat(
        reason(episode.replaceAll("\"managingOrganization\":\\{[^}]*},", "")),
        is(RejectReason.MISSING_REFERENCE));
    assertThat(
        reason(episode.replace(",\"period\":{\"start\":\"2025-03-01\"}", "")),
        is(RejectReason.MISSING_ELEMENT));
    assertThat(
        reason(episode.replace("\"status\":\"finished\"", "\"status\":\"entered-in-error\"")),
        is(RejectReason.ENTERED_IN_ERROR));
    assertThat(
        reason(episode.replace("\"status\":\"finished\"", "\"status\":\"cancelled\"")),
        is(RejectReason.STATUS_NOT_USABLE));
  }

  @Test
  void establishmentNeedsCodeNameRlsAndRegion() {
    String org = Fixtures.organization("o1", "11045101");
    assertThat(
        reason(org.replaceAll("\"identifier\":\\[[^]]*],", "")), is(RejectReason.MISSING_ELEMENT));
    assertThat(
        reason(org.replaceAll("\"extension\":\\[.*?}}],", "")), is(RejectReason.MISSING_ELEMENT));
  }

  @Test
  void aBirthDateInTheFutureIsRejected() {
    String patient = Fixtures.patient("p1").replace("1950-06-15", "2031-01-01");
    assertThat(reason(patient), is(RejectReason.FUTURE_DATE));
  }

  @Test
  void answersMustBeItemsAndCodesOfTheirQuestionnaire() {
    ResourceParser strict =
        new ResourceParser(QuestionnaireCatalog.bundled(), LocalDate.of(2025, 6, 1));
    String good = Fixtures.response("r", "p", "e");
    assertThat(
        ((ResourceParser.Parsed) strict.parse(new SourceRecord(SourceRef.line("f", 1), good)))
            .resource()
            .problem(),
        nullValue());
    ParsedResource badCode =
        ((ResourceParser.Parsed)
                strict.parse(
                    new SourceRecord(
                        SourceRef.line("f", 2), good.replace("\"code\":\"2\"", "\"code\":\"7\""))))
            .resource();
    assertThat(badCode.problem().reason(), is(RejectReason.UNKNOWN_ANSWER_CODE));
    assertThat(badCode.problem().message(), containsString("item 'mobility'"));
    ParsedResource badItem =
        ((ResourceParser.Parsed)
                strict.parse(
                    new SourceRecord(
                        SourceRef.line("f", 3),
                        good.replace("\"linkId\":\"vas\"", "\"linkId\":\"vas2\""))))
            .resource();
    assertThat(badItem.problem().reason(), is(RejectReason.UNKNOWN_ITEM));
    ParsedResource textForNumber =
        ((ResourceParser.Parsed)
                strict.parse(
                    new SourceRecord(
                        SourceRef.line("f", 4),
                        good.replace("{\"valueInteger\":70}", "{\"valueString\":\"70\"}"))))
            .resource();
    assertThat(textForNumber.problem().reason(), is(RejectReason.UNKNOWN_ANSWER_CODE));
  }

  @Test
  void theMessageNamesTheElement() {
    ResourceParser.Result result =
        parse(Fixtures.response("r", "p", "e", Fixtures.EQ5D, "2025-13-45", "completed"));
    assertThat(
        ((ResourceParser.Parsed) result).resource().problem().message(),
        containsString("authored '2025-13-45'"));
  }
}
