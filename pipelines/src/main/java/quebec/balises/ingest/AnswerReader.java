package quebec.balises.ingest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import quebec.balises.fhir.InstrumentMapping;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.fhir.QuestionnaireDefinition.Item;
import quebec.balises.fhir.QuestionnaireDefinition.Option;
import quebec.balises.model.ParsedResource.Problem;
import quebec.balises.model.RejectReason;
import quebec.balises.model.ResponseRecord.Answer;

/**
 * Reads a response's answers onto the items of a shipped Questionnaire, through an instrument
 * mapping when the response is to an outside Questionnaire. Every answer is either read, ignored on
 * purpose (an item the mapping ignores), or a problem naming the item: nothing is dropped silently.
 *
 * <p>Rules, in order, for an answer to an instrument item:
 *
 * <ol>
 *   <li>The mapping's answer tables: a coding by system and code, a number (valueInteger,
 *       valueDecimal, valueQuantity, or a coding's {@code ordinalValue} extension), a string.
 *   <li>A coding whose code is one of the item's answers: its system must be the answer's system (a
 *       coding with no system is taken as the item's), else {@link
 *       RejectReason#CODE_SYSTEM_MISMATCH}.
 *   <li>A number for a numeric item is its value. A number for a coded item is the answer whose
 *       code is that number ("7" on a 0–10 rating), else the one answer whose {@code ordinalValue}
 *       is that number (EQ-5D levels sent as valueInteger).
 *   <li>A valueString for a coded item is the answer whose code it is; for a numeric item, a plain
 *       decimal is its number.
 *   <li>A valueQuantity is read as a number when it has no comparator and its unit is absent or
 *       {@code {score}} or {@code 1} (UCUM for a unitless score, as an EQ VAS is sent); any other
 *       unit is a problem.
 *   <li>Anything else (valueBoolean, valueDate, an unknown code…) is {@link
 *       RejectReason#UNKNOWN_ANSWER_CODE} naming the item, what was sent and what is accepted.
 * </ol>
 */
public final class AnswerReader {
  private static final Set<String> SCORE_UNITS = Set.of("{score}", "1");

  private AnswerReader() {}

  /** What came of a response's answers. */
  public record Result(List<Answer> answers, List<Problem> problems, int ignored) {}

  /**
   * @param mapping the mapping of an outside Questionnaire; null for a response to a shipped one
   */
  public static Result read(
      List<QuestionnaireResponseItemComponent> items,
      QuestionnaireDefinition definition,
      @Nullable InstrumentMapping mapping) {
    Reading reading = new Reading(definition, mapping);
    reading.items(items);
    return new Result(reading.answers, reading.problems, reading.ignored);
  }

  private static final class Reading {
    private final QuestionnaireDefinition definition;
    private final @Nullable InstrumentMapping mapping;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> answered = new HashSet<>();
    private int ignored;

    Reading(QuestionnaireDefinition definition, @Nullable InstrumentMapping mapping) {
      this.definition = definition;
      this.mapping = mapping;
    }

    private String where() {
      return mapping == null
          ? definition.canonical()
          : definition.canonical() + " through mapping " + mapping.id();
    }

    void items(List<QuestionnaireResponseItemComponent> items) {
      for (QuestionnaireResponseItemComponent item : items) {
        if (item.hasAnswer()) {
          item(item);
        }
        items(item.getItem());
      }
    }

    private void item(QuestionnaireResponseItemComponent item) {
      String linkId = item.getLinkId();
      String target = linkId;
      if (mapping != null) {
        InstrumentMapping.ItemRule rule = mapping.item(linkId);
        if (rule != null && rule.ignored()) {
          ignored += item.getAnswer().size();
          item.getAnswer().forEach(a -> items(a.getItem()));
          return;
        }
        if (rule != null) {
          target = rule.target();
        }
      }
      Item instrumentItem = definition.items().get(target);
      if (definition.items().isEmpty()) {
        // A catalog entry without items (tests): answers are taken as they come.
        item.getAnswer().forEach(a -> unchecked(linkId, a));
        return;
      }
      if (instrumentItem == null) {
        problems.add(
            new Problem(
                RejectReason.UNKNOWN_ITEM,
                "item '"
                    + linkId
                    + "' is not in "
                    + where()
                    + " (items: "
                    + definition.items().keySet()
                    + (mapping == null ? "" : "; the mapping names: " + mapping.knownItems())
                    + ")"));
        item.getAnswer().forEach(a -> items(a.getItem()));
        return;
      }
      // Every instrument item takes one answer: a second one (in the item, or through its linkId
      // repeated) is never chosen between, and 50,000 of them are one problem, not 50,000.
      if (!answered.add(instrumentItem.linkId())) {
        problems.add(
            new Problem(
                RejectReason.TOO_MANY_ANSWERS,
                "item '"
                    + linkId
                    + "' is answered more than once in the response"
                    + (linkId.equals(instrumentItem.linkId())
                        ? ""
                        : " (it maps onto " + instrumentItem.linkId() + ")")
                    + "; it takes one answer"));
        return;
      }
      if (item.getAnswer().size() > 1) {
        problems.add(
            new Problem(
                RejectReason.TOO_MANY_ANSWERS,
                "item '" + linkId + "' has " + item.getAnswer().size() + " answers; it takes one"));
        return;
      }
      for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        answer(linkId, instrumentItem, answer.getValue());
        items(answer.getItem());
      }
    }

    private void unchecked(String linkId, QuestionnaireResponseItemAnswerComponent answer) {
      Type value = answer.getValue();
      if (value instanceof Coding coding) {
        answers.add(new Answer(linkId, coding.getSystem(), coding.getCode(), null));
      } else {
        BigDecimal number = numberOf(value);
        if (number != null) {
          answers.add(new Answer(linkId, null, null, number.doubleValue()));
        }
      }
      items(answer.getItem());
    }

    private void answer(String linkId, Item item, @Nullable Type value) {
      String label =
          linkId.equals(item.linkId())
              ? "item '" + linkId + "'"
              : "item '" + linkId + "' (" + item.linkId() + ")";
      if (value == null) {
        problems.add(
            new Problem(RejectReason.UNKNOWN_ANSWER_CODE, label + ": an answer with no value"));
        return;
      }
      String type =
          "value" + value.fhirType().substring(0, 1).toUpperCase() + value.fhirType().substring(1);
      if (value instanceof Coding coding) {
        coding(label, item, coding);
        return;
      }
      if (value instanceof Quantity quantity) {
        String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        if (quantity.hasComparator() || (unit != null && !SCORE_UNITS.contains(unit))) {
          problems.add(
              new Problem(
                  RejectReason.UNKNOWN_ANSWER_CODE,
                  label
                      + ": valueQuantity "
                      + (quantity.hasComparator() ? quantity.getComparator().toCode() : "")
                      + quantity.getValue()
                      + " "
                      + unit
                      + " is not a score (a quantity is read only without comparator and with"
                      + " no unit, {score} or 1)"));
          return;
        }
      }
      BigDecimal number = numberOf(value);
      if (number != null) {
        number(label, item, number, type);
        return;
      }
      if (value instanceof StringType string && string.getValue() != null) {
        string(label, item, string.getValue());
        return;
      }
      problems.add(
          new Problem(
              RejectReason.UNKNOWN_ANSWER_CODE,
              label + ": " + type + " is not an answer this item takes (" + takes(item) + ")"));
    }

    private void coding(String label, Item item, Coding coding) {
      String code = coding.getCode() == null ? "" : coding.getCode();
      if (mapping != null) {
        String mapped = mapping.answerCode(coding.getSystem(), code, item.linkId());
        if (mapped != null) {
          add(item, mapped);
          return;
        }
      }
      if (item.numeric()) {
        problems.add(
            new Problem(
                RejectReason.UNKNOWN_ANSWER_CODE,
                label + ": valueCoding '" + code + "' where the item takes " + takes(item)));
        return;
      }
      Option option = item.options().get(code);
      if (option != null) {
        if (coding.hasSystem() && !coding.getSystem().equals(option.system())) {
          problems.add(
              systemMismatch(
                  label,
                  code,
                  coding.getSystem(),
                  "not from the item's answer system " + option.system()));
          return;
        }
        add(item, code);
        return;
      }
      Extension ordinal = coding.getExtensionByUrl(QuestionnaireDefinition.ORDINAL_VALUE);
      if (mapping != null && ordinal != null && ordinal.getValue() != null) {
        BigDecimal weight = numberOf(ordinal.getValue());
        String mapped = weight == null ? null : mapping.answerNumber(weight, item.linkId());
        if (mapped != null) {
          add(item, mapped);
          return;
        }
      }
      if (mapping != null && !mapping.systemsOf(code).isEmpty()) {
        problems.add(
            systemMismatch(
                label,
                code,
                coding.getSystem(),
                "the mapping takes it from " + mapping.systemsOf(code)));
        return;
      }
      problems.add(
          new Problem(
              RejectReason.UNKNOWN_ANSWER_CODE,
              label
                  + ": answer code '"
                  + code
                  + "'"
                  + (coding.hasSystem() ? " (" + coding.getSystem() + ")" : "")
                  + " is not one of "
                  + item.options().keySet()
                  + (mapping == null || mapping.acceptedAnswers(item.linkId()).isEmpty()
                      ? ""
                      : " nor of the mapping's " + mapping.acceptedAnswers(item.linkId()))
                  + " in "
                  + where()));
    }

    private void number(String label, Item item, BigDecimal number, String type) {
      if (mapping != null) {
        String mapped = mapping.answerNumber(number, item.linkId());
        if (mapped != null) {
          add(item, mapped);
          return;
        }
      }
      if (item.numeric()) {
        answers.add(new Answer(item.linkId(), null, null, number.doubleValue()));
        return;
      }
      String text = InstrumentMapping.canonicalNumber(number);
      if (item.options().containsKey(text)) {
        add(item, text);
        return;
      }
      List<Option> byWeight =
          item.options().values().stream()
              .filter(o -> o.weight() != null && o.weight() == number.doubleValue())
              .toList();
      if (byWeight.size() == 1) {
        add(item, byWeight.get(0).code());
        return;
      }
      problems.add(
          new Problem(
              RejectReason.UNKNOWN_ANSWER_CODE,
              label
                  + ": "
                  + type
                  + " "
                  + text
                  + " is neither an answer code nor the ordinal value of exactly one answer ("
                  + takes(item)
                  + ")"));
    }

    private void string(String label, Item item, String text) {
      if (mapping != null) {
        String mapped = mapping.answerString(text, item.linkId());
        if (mapped != null) {
          add(item, mapped);
          return;
        }
      }
      problems.add(
          new Problem(
              RejectReason.UNKNOWN_ANSWER_CODE,
              label
                  + ": valueString '"
                  + text
                  + "' is not an answer this item takes ("
                  + takes(item)
                  + ")"));
    }

    private void add(Item item, String code) {
      Option option = item.options().get(code);
      answers.add(new Answer(item.linkId(), option == null ? null : option.system(), code, null));
    }

    private static String takes(Item item) {
      if (item.numeric()) {
        return "a number: valueInteger, valueDecimal or valueQuantity"
            + (item.min() != null && item.max() != null
                ? " from " + item.min() + " to " + item.max()
                : "");
      }
      Option any = item.options().values().iterator().next();
      return "valueCoding from " + any.system() + ": " + item.options().keySet();
    }
  }

  /** A code spelled as one of the item's answers but taken from another code system. */
  private static Problem systemMismatch(
      String label, String code, @Nullable String system, String expected) {
    return new Problem(
        RejectReason.CODE_SYSTEM_MISMATCH,
        label + ": code '" + code + "' is from " + system + ", " + expected);
  }

  /** A number carried by an answer value, or null. */
  static @Nullable BigDecimal numberOf(@Nullable Type value) {
    if (value instanceof IntegerType integer && integer.getValue() != null) {
      return BigDecimal.valueOf(integer.getValue());
    }
    if (value instanceof DecimalType decimal && decimal.getValue() != null) {
      return decimal.getValue();
    }
    if (value instanceof Quantity quantity && quantity.getValue() != null) {
      return quantity.getValue();
    }
    return null;
  }
}
