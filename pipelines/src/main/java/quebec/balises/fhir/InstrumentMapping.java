package quebec.balises.fhir;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How one outside Questionnaire maps onto a shipped instrument, read from a FHIR {@code ConceptMap}
 * (conventions in {@code fhir-profiles/mappings/README.md}): which outside canonicals and
 * Questionnaire codes it covers, which shipped Questionnaire it maps to, how each outside item maps
 * to an instrument item (or is ignored on purpose), and how outside answers map to the instrument's
 * answer codes. Built and checked by {@link InstrumentMappings}; plain data, no HAPI.
 *
 * @param id the ConceptMap's {@code url|version}, recorded on every score row it produced
 * @param file where it was read from, for messages and the manifest
 * @param target the shipped Questionnaire's {@code url|version}
 */
public record InstrumentMapping(
    String id,
    String file,
    String sha256,
    String target,
    SortedSet<String> canonicals,
    SortedSet<String> urls,
    SortedSet<String> questionnaireCodes,
    Map<String, ItemRule> itemsByLinkId,
    Map<String, ItemRule> itemsByCode,
    Map<String, Map<String, List<AnswerRule>>> answers)
    implements Serializable {

  /** Outside items named by linkId: {@code group.source} (and {@code group.target}) use it. */
  public static final String LINK_ID = BalisesProfile.BASE + "/mapping/linkId";

  /**
   * Outside answers given as a number: valueInteger, valueDecimal, valueQuantity.value, or the
   * {@code ordinalValue} extension of a coding that is not mapped by its code.
   */
  public static final String ANSWER_NUMBER = BalisesProfile.BASE + "/mapping/answer-number";

  /** Outside answers given as valueString, matched exactly after trimming. */
  public static final String ANSWER_STRING = BalisesProfile.BASE + "/mapping/answer-string";

  /** The extension on the ConceptMap naming an outside Questionnaire it covers. */
  public static final String COVERS = BalisesProfile.BASE + "/StructureDefinition/mapping-covers";

  /**
   * What becomes of one outside item.
   *
   * @param target the instrument item's linkId; null when the item is ignored on purpose
   */
  public record ItemRule(@Nullable String target, String source) implements Serializable {
    public boolean ignored() {
      return target == null;
    }
  }

  /**
   * One outside answer mapped to an instrument answer code.
   *
   * @param items the instrument items it applies to; empty for every item that has the code
   */
  public record AnswerRule(String code, Set<String> items) implements Serializable {
    boolean appliesTo(String item) {
      return items.isEmpty() || items.contains(item);
    }
  }

  /** Whether a response's {@code questionnaire} canonical is one this mapping covers. */
  public boolean covers(String canonical) {
    if (canonicals.contains(canonical)) {
      return true;
    }
    int bar = canonical.indexOf('|');
    String url = bar < 0 ? canonical : canonical.substring(0, bar);
    if (urls.contains(url)) {
      return true;
    }
    // The LOINC forms convention: a Questionnaire whose url ends with its code
    // (http://loinc.org/q/61576-7, https://server/fhir/Questionnaire/61576-7).
    String tail = url.substring(url.lastIndexOf('/') + 1);
    return !tail.isEmpty() && questionnaireCodes.contains(tail);
  }

  /**
   * The rule for an outside item: by its linkId, else by an item code that is its linkId or the
   * last segment of a path linkId (the LHC-Forms convention, {@code /61576-7/61577-3}).
   */
  public @Nullable ItemRule item(String linkId) {
    ItemRule rule = itemsByLinkId.get(linkId);
    if (rule != null) {
      return rule;
    }
    rule = itemsByCode.get(linkId);
    if (rule != null) {
      return rule;
    }
    String tail = linkId.substring(linkId.lastIndexOf('/') + 1);
    return itemsByCode.get(tail);
  }

  /** The instrument answer code for an outside coded answer to an item, if the mapping has one. */
  public @Nullable String answerCode(@Nullable String system, String code, String item) {
    return find(system == null ? "" : system, code, item);
  }

  /** The instrument answer code for an outside number, if the mapping has one. */
  public @Nullable String answerNumber(BigDecimal number, String item) {
    return find(ANSWER_NUMBER, canonicalNumber(number), item);
  }

  /** The instrument answer code for an outside string, if the mapping has one. */
  public @Nullable String answerString(String text, String item) {
    return find(ANSWER_STRING, text.trim(), item);
  }

  /** The systems under which the mapping knows an outside answer code (to name a wrong system). */
  public SortedSet<String> systemsOf(String code) {
    SortedSet<String> systems = new TreeSet<>();
    answers.forEach(
        (system, codes) -> {
          if (codes.containsKey(code)
              && !system.equals(ANSWER_NUMBER)
              && !system.equals(ANSWER_STRING)) {
            systems.add(system);
          }
        });
    return systems;
  }

  /** The outside answers the mapping accepts for an item, as {@code system|code}, for messages. */
  public List<String> acceptedAnswers(String item) {
    List<String> accepted = new ArrayList<>();
    answers.forEach(
        (system, codes) ->
            codes.forEach(
                (code, rules) -> {
                  if (rules.stream().anyMatch(r -> r.appliesTo(item))) {
                    accepted.add(label(system) + code);
                  }
                }));
    return accepted;
  }

  /** Every outside item the mapping names, mapped and ignored, for messages. */
  public SortedSet<String> knownItems() {
    SortedSet<String> all = new TreeSet<>(itemsByLinkId.keySet());
    all.addAll(itemsByCode.keySet());
    return all;
  }

  private static String label(String system) {
    return switch (system) {
      case ANSWER_NUMBER -> "number ";
      case ANSWER_STRING -> "string ";
      default -> system + "|";
    };
  }

  private @Nullable String find(String system, String code, String item) {
    Map<String, List<AnswerRule>> codes = answers.get(system);
    if (codes == null) {
      return null;
    }
    List<AnswerRule> rules = codes.get(code);
    if (rules == null) {
      return null;
    }
    for (AnswerRule rule : rules) {
      if (rule.appliesTo(item)) {
        return rule.code();
      }
    }
    return null;
  }

  /** A number as the mapping writes it: no exponent, no trailing zeros ("3", "2.5"). */
  public static String canonicalNumber(BigDecimal number) {
    BigDecimal stripped = number.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
  }

  /** A mutable builder used while reading a ConceptMap. */
  static final class Builder {
    final SortedSet<String> canonicals = new TreeSet<>();
    final SortedSet<String> urls = new TreeSet<>();
    final SortedSet<String> codes = new TreeSet<>();
    final Map<String, ItemRule> byLinkId = new TreeMap<>();
    final Map<String, ItemRule> byCode = new TreeMap<>();
    final Map<String, Map<String, List<AnswerRule>>> answers = new TreeMap<>();

    InstrumentMapping build(String id, String file, String sha256, String target) {
      return new InstrumentMapping(
          id, file, sha256, target, canonicals, urls, codes, byLinkId, byCode, answers);
    }
  }
}
