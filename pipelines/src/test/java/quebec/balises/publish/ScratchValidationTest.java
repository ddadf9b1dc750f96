package quebec.balises.publish;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

class ScratchValidationTest {
  @Test
  void scratch() throws Exception {
    String dir = System.getenv("SCRATCH_REPORTS");
    if (dir == null) return;
    Map<String, Integer> byMessage = new TreeMap<>();
    var parser = FhirContext.forR4Cached().newJsonParser();
    int n = 0;
    int limit = Integer.parseInt(System.getenv().getOrDefault("SCRATCH_LIMIT", "200"));
    for (var r : MeasureReportValidation.resources().values()) {
      for (var m : MeasureReportValidation.results(r)) {
        if (m.getSeverity().ordinal() >= 2)
          byMessage.merge(
              "PKG "
                  + r.getIdElement().getIdPart().replaceAll("-.*", "")
                  + " "
                  + m.getSeverity()
                  + " "
                  + m.getMessage().replaceAll("[0-9]+", "#"),
              1,
              Integer::sum);
      }
    }
    try (var files = Files.list(Path.of(dir))) {
      for (Path file : files.sorted().toList()) {
        int i = 0;
        for (String line : Files.readAllLines(file)) {
          if (i++ % Integer.parseInt(System.getenv().getOrDefault("SCRATCH_STEP", "20")) != 0
              || n >= limit) continue;
          n++;
          IBaseResource report = parser.parseResource(line);
          for (var m : MeasureReportValidation.results(report)) {
            if (m.getSeverity().ordinal() >= 1)
              byMessage.merge(
                  "MR " + m.getSeverity() + " " + m.getMessage().replaceAll("[0-9]+", "#"),
                  1,
                  Integer::sum);
          }
        }
      }
    }
    System.out.println(
        "REPORTS "
            + n
            + " resolved "
            + MeasureReportValidation.resolved().size()
            + " unresolved "
            + MeasureReportValidation.unresolved());
    byMessage.forEach(
        (k, v) -> System.out.println("MSG " + v + " " + k.substring(0, Math.min(300, k.length()))));
  }
}
