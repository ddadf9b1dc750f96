package quebec.balises.fhir;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemAnswerOptionComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;

/**
 * What scoring needs from a FHIR Questionnaire: its items, each answer code's weight (the SDC
 * {@code ordinalValue}), top-box and bottom-box marks, numeric ranges, reverse-scored items and the
 * subscale or composite each item belongs to. Built once from {@code
 * fhir-profiles/questionnaires/}; weights are data, never code.
 */
public record QuestionnaireDefinition(
    String url, String version, String instrument, Map<String, Item> items)
    implements Serializable {

  public static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
  public static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
  public static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";
  public static final String REVERSE_SCORED =
      BalisesProfile.BASE + "/StructureDefinition/reverse-scored";
  public static final String SUBSCALE = BalisesProfile.BASE + "/StructureDefinition/subscale";
  public static final String PREM_COMPOSITE =
      BalisesProfile.BASE + "/StructureDefinition/prem-composite";
  public static final String ANSWER_BOX = BalisesProfile.BASE + "/StructureDefinition/answer-box";

  /** Which box an answer counts in for top-box and bottom-box scores. */
  public enum Box {
    TOP,
    BOTTOM,
    MIDDLE
  }

  /**
   * An answer option.
   *
   * @param weight its ordinalValue; null for answers that do not count ("does not apply")
   */
  public record Option(String system, String code, @Nullable Double weight, Box box)
      implements Serializable {}

  /**
   * An item.
   *
   * @param options coded answers by code, in the Questionnaire's order; empty for numeric items
   * @param group the item's subscale or PREM composite, when it has one
   */
  public record Item(
      String linkId,
      Map<String, Option> options,
      @Nullable Integer min,
      @Nullable Integer max,
      boolean reverseScored,
      @Nullable String group,
      boolean required)
      implements Serializable {
    public boolean numeric() {
      return options.isEmpty();
    }

    /** The lowest scoring weight among the item's answers ("does not apply" has none). */
    public double minWeight() {
      return weights().min().orElseThrow();
    }

    /** The highest scoring weight among the item's answers. */
    public double maxWeight() {
      return weights().max().orElseThrow();
    }

    private java.util.stream.DoubleStream weights() {
      return options.values().stream().filter(o -> o.weight() != null).mapToDouble(Option::weight);
    }
  }

  public String canonical() {
    return url + "|" + version;
  }

  static QuestionnaireDefinition from(Questionnaire questionnaire, String instrument) {
    Map<String, Item> items = new LinkedHashMap<>();
    collect(questionnaire.getItem(), items);
    return new QuestionnaireDefinition(
        questionnaire.getUrl(), questionnaire.getVersion(), instrument, items);
  }

  private static void collect(
      List<QuestionnaireItemComponent> components, Map<String, Item> items) {
    for (QuestionnaireItemComponent item : components) {
      if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
        collect(item.getItem(), items);
        continue;
      }
      Map<String, Option> options = new LinkedHashMap<>();
      for (QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
        if (!option.hasValueCoding()) {
          continue;
        }
        Extension ordinal = option.getExtensionByUrl(ORDINAL_VALUE);
        Double weight =
            ordinal == null
                ? null
                : new BigDecimal(ordinal.getValue().primitiveValue()).doubleValue();
        Extension box = option.getExtensionByUrl(ANSWER_BOX);
        Box mark =
            box == null ? Box.MIDDLE : Box.valueOf(box.getValue().primitiveValue().toUpperCase());
        String code = option.getValueCoding().getCode();
        options.put(code, new Option(option.getValueCoding().getSystem(), code, weight, mark));
      }
      Extension group = item.getExtensionByUrl(SUBSCALE);
      if (group == null) {
        group = item.getExtensionByUrl(PREM_COMPOSITE);
      }
      Extension reverse = item.getExtensionByUrl(REVERSE_SCORED);
      items.put(
          item.getLinkId(),
          new Item(
              item.getLinkId(),
              options,
              integer(item.getExtensionByUrl(MIN_VALUE)),
              integer(item.getExtensionByUrl(MAX_VALUE)),
              reverse != null && "true".equals(reverse.getValue().primitiveValue()),
              group == null ? null : group.getValue().primitiveValue(),
              item.getRequired()));
    }
  }

  private static @Nullable Integer integer(@Nullable Extension extension) {
    return extension != null && extension.getValue() instanceof IntegerType i ? i.getValue() : null;
  }
}
