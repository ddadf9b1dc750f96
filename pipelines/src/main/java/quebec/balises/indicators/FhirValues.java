package quebec.balises.indicators;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;

/** What the catalog's readers take from FHIR elements: an English translation, a whole day. */
final class FhirValues {
  static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";

  private FhirValues() {}

  /** The English text of the standard translation extension on a French text; null if none. */
  static @Nullable String english(@Nullable Element text) {
    Extension translation = text == null ? null : text.getExtensionByUrl(TRANSLATION);
    if (translation == null) {
      return null;
    }
    Extension lang = translation.getExtensionByUrl("lang");
    Extension content = translation.getExtensionByUrl("content");
    if (lang != null
        && "en".equals(lang.getValue().primitiveValue())
        && content != null
        && content.getValue() instanceof StringType english
        && !english.getValue().isBlank()) {
      return english.getValue();
    }
    return null;
  }

  /** A date given to the day; null when it is absent or less precise (a month, a year). */
  static @Nullable LocalDate day(@Nullable BaseDateTimeType date) {
    if (date == null || !date.hasValue() || date.getPrecision() != TemporalPrecisionEnum.DAY) {
      return null;
    }
    // BaseDateTimeType counts months from 0, as java.util.Calendar does.
    return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
  }

  /** How a reader reports a field it cannot use: an exception naming its file and the field. */
  interface Problem {
    RuntimeException at(String field, String problem);
  }

  /** The English translation of a required French text, or the reader's error. */
  static String requiredEnglish(Element text, String field, Problem problem) {
    String english = english(text);
    if (english == null) {
      throw problem.at(
          "_" + field, "needs an English translation (the translation extension, lang en)");
    }
    return english;
  }

  /** A required date given to the day, or the reader's error saying what the date is for. */
  static LocalDate requiredDay(
      @Nullable BaseDateTimeType date, String field, String what, Problem problem) {
    if (date == null || !date.hasValue()) {
      throw problem.at(field, "is required: " + what);
    }
    LocalDate day = day(date);
    if (day == null) {
      throw problem.at(field, "must be a full date (YYYY-MM-DD)");
    }
    return day;
  }
}
