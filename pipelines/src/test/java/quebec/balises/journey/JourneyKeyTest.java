package quebec.balises.journey;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import quebec.balises.Fixtures;
import quebec.balises.model.ParsedResource;

class JourneyKeyTest {
  private static final Map<String, String> NONE = Map.of();

  @Test
  void aRecordThatNamesItsPatientJoinsThatPatientsJourney() {
    List<ParsedResource> records =
        PatientJourneyTest.parsed(
            Fixtures.patient("p1"),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty"),
            Fixtures.response("r1", "p1", "e1"),
            // A problem with the content does not hide the patient it names.
            Fixtures.response("r2", "p1", "e1", Fixtures.EQ5D, "2030-01-01", "completed"),
            "DELETE Patient/p1");
    for (ParsedResource record : records) {
      assertThat(record.reference(), JourneyKey.provisional(record), is("p1"));
      assertThat(record.reference(), JourneyKey.of(record, NONE::get), is("p1"));
      assertThat(JourneyKey.follows(record), is((String) null));
    }
    assertThat(records.get(3).problem().reason().name(), is("FUTURE_DATE"));
  }

  @Test
  void aRecordWithoutAPatientHasAJourneyOfItsOwnResource() {
    List<ParsedResource> records =
        PatientJourneyTest.parsed(
            Fixtures.response("r1", "p1", "e1")
                .replace("\"subject\":{\"reference\":\"Patient/p1\"},", ""),
            Fixtures.episode("e1", "p1", "o1", "hip-arthroplasty").replace("Patient/p1", "Group/g"),
            "DELETE QuestionnaireResponse/r9");
    assertThat(JourneyKey.of(records.get(0), NONE::get), is("\u0000QuestionnaireResponse/r1"));
    assertThat(JourneyKey.of(records.get(1), NONE::get), is("\u0000EpisodeOfCare/e1"));
    assertThat(JourneyKey.of(records.get(2), NONE::get), is("\u0000QuestionnaireResponse/r9"));
    for (ParsedResource record : records) {
      String key = JourneyKey.of(record, NONE::get);
      assertThat(JourneyKey.isPatient(key), is(false));
      assertThat(JourneyKey.provisional(record), is(key));
    }
    assertThat(JourneyKey.isPatient("p1"), is(true));
  }

  @Test
  void aContainedSubjectFollowsItsEpisodeElseItsEncounter() {
    String contained =
        "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"pat\"}],"
            + "\"subject\":{\"reference\":\"#pat\"}";
    ParsedResource byEpisode =
        PatientJourneyTest.parsed(
                Fixtures.response("r1", "p1", "e1")
                    .replace("\"subject\":{\"reference\":\"Patient/p1\"}", contained))
            .get(0);
    assertThat(byEpisode.patientId(), is((String) null));
    assertThat(JourneyKey.follows(byEpisode), is("EpisodeOfCare/e1"));
    assertThat(JourneyKey.provisional(byEpisode), is("\u0001EpisodeOfCare/e1"));
    assertThat(JourneyKey.of(byEpisode, Map.of("EpisodeOfCare/e1", "p7")::get), is("p7"));
    // Its episode is not in the input: a journey of its own.
    assertThat(JourneyKey.of(byEpisode, NONE::get), is("\u0000QuestionnaireResponse/r1"));
  }

  @Test
  void organizationsJoinNoJourney() {
    ParsedResource organization =
        PatientJourneyTest.parsed(Fixtures.organization("o1", "11045101")).get(0);
    assertThat(JourneyKey.joinsAJourney(organization), is(false));
    assertThat(organization.patientId(), is((String) null));
  }
}
