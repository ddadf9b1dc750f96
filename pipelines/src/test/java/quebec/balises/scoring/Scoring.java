package quebec.balises.scoring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import quebec.balises.model.ResponseRecord;

/** Builds responses to the shipped questionnaires and scores them with the bundled registry. */
final class Scoring {
  static final InstrumentRegistry REGISTRY = InstrumentRegistry.bundled();
  static final String BASE = "https://balises.quebec/fhir/Questionnaire/";

  private Scoring() {}

  /** Scores a response to {@code slug}: linkId → answer code (or a Double for numeric items). */
  static Map<String, Score> score(String slug, Map<String, ?> answers) {
    List<ResponseRecord.Answer> list = new ArrayList<>();
    answers.forEach(
        (linkId, value) ->
            list.add(
                value instanceof Number n
                    ? new ResponseRecord.Answer(linkId, null, null, n.doubleValue())
                    : new ResponseRecord.Answer(linkId, "s", String.valueOf(value), null)));
    ResponseRecord response =
        new ResponseRecord(
            "r",
            "p",
            "e",
            BASE + slug,
            "1.0.0",
            "X",
            "completed",
            LocalDate.of(2025, 1, 1),
            null,
            list,
            null,
            null);
    Map<String, Score> byScale = new LinkedHashMap<>();
    REGISTRY.score(response).forEach(s -> byScale.put(s.scale(), s));
    return byScale;
  }

  /** Items {@code prefix1..prefixN} answered with the given codes, in order; null = missing. */
  static Map<String, Object> items(String prefix, Object... codes) {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != null) {
        answers.put(prefix + (i + 1), codes[i]);
      }
    }
    return answers;
  }

  static Object[] repeat(Object code, int n) {
    Object[] codes = new Object[n];
    java.util.Arrays.fill(codes, code);
    return codes;
  }

  static double round(double value, int decimals) {
    return new java.math.BigDecimal(value)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }
}
