package quebec.balises.fhir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quebec.balises.ExportFixtures;

class InstrumentMappingsTest {
  private static final QuestionnaireCatalog CATALOG = QuestionnaireCatalog.bundled();

  @Test
  void shipsThePromis10LoincMappingCoveringItsPanelCode() {
    InstrumentMapping mapping = CATALOG.mappings().find("http://loinc.org/q/85524-7");
    assertThat(mapping, notNullValue());
    assertThat(
        mapping.target(), is("https://balises.quebec/fhir/Questionnaire/promis-global10|1.0.0"));
    assertThat(mapping.file(), is("fhir-profiles/mappings/promis-global10-loinc.json"));
    assertThat(mapping.sha256().length(), is(64));
    // By LOINC question code, as a linkId or as the last segment of an LHC-Forms path.
    assertThat(mapping.item("/61583-1").target(), is("global07"));
    assertThat(mapping.item("/85524-7/61586-4").target(), is("global10"));
    assertThat(mapping.item("61577-3").target(), is("global01"));
    assertThat(mapping.item("/71971-6").ignored(), is(true));
    assertThat(mapping.item("/99999-9"), nullValue());
    assertThat(mapping.answerCode("http://loinc.org", "LA8967-7", "global03"), is("good"));
    assertThat(mapping.answerCode("http://loinc.org", "LA10141-2", "global07"), is("9"));
    // The fatigue answers apply to global08 only.
    assertThat(mapping.answerCode("http://loinc.org", "LA6752-5", "global01"), nullValue());
    assertThat(mapping.answerCode("http://snomed.info/sct", "LA8967-7", "global03"), nullValue());
  }

  @Test
  void addsAVendorMappingFromAFolder() {
    QuestionnaireCatalog catalog =
        CATALOG.withMappingFolders(List.of(ExportFixtures.vendorMappings()));
    assertThat(
        catalog
            .mappings()
            .find("https://forms.acme-health.example/fhir/Questionnaire/eq5d-intake")
            .id(),
        is("https://forms.acme-health.example/fhir/ConceptMap/acme-eq5d-intake|2025.1"));
    // Without a version, the mapping covers every version of the url.
    assertThat(
        catalog
            .mappings()
            .find("https://forms.acme-health.example/fhir/Questionnaire/eq5d-intake|7"),
        notNullValue());
  }

  private static String broken(Path dir, String from, String to) throws IOException {
    String text =
        Files.readString(ExportFixtures.vendorMappings().resolve("acme-eq5d-intake.json"))
            .replace(from, to);
    Path file = dir.resolve("broken.json");
    Files.writeString(file, text);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CATALOG.withMappingFolders(List.of(dir)));
    assertThat(e.getMessage(), containsString(file.toString()));
    return e.getMessage();
  }

  @Test
  void namesTheFileAndFieldOfABrokenMapping(@TempDir Path dir) throws IOException {
    assertThat(
        broken(dir, "\"code\": \"self-care\"", "\"code\": \"selfcare\""),
        containsString("group[0].element[1].target[0].code: 'selfcare' is not an item of"));
    assertThat(
        broken(dir, "\"code\": \"5\"", "\"code\": \"6\""),
        containsString("group[1].element[4].target[0].code"));
    assertThat(
        broken(dir, "eq-5d-5l|1.0.0", "eq-5d-5l|9"),
        containsString("targetCanonical: https://balises.quebec/fhir/Questionnaire/eq-5d-5l|9"));
    assertThat(
        broken(dir, "\"equivalence\": \"equivalent\"", "\"equivalance\": \"equivalent\""),
        containsString("not a valid FHIR R4 ConceptMap"));
  }

  @Test
  void refusesTwoMappingsOfOneQuestionnaire(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("again.json"),
        Files.readString(ExportFixtures.vendorMappings().resolve("acme-eq5d-intake.json"))
            .replace("\"version\": \"2025.1\"", "\"version\": \"2025.2\""));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CATALOG.withMappingFolders(List.of(ExportFixtures.vendorMappings(), dir)));
    assertThat(e.getMessage(), containsString("is already covered by"));
  }
}
