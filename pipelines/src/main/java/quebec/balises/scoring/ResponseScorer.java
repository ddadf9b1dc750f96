package quebec.balises.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.fhir.QuestionnaireDefinition.Box;
import quebec.balises.fhir.QuestionnaireDefinition.Item;
import quebec.balises.fhir.QuestionnaireDefinition.Option;
import quebec.balises.model.ResponseRecord;

/**
 * Scores one response by its instrument's {@link ScaleSpec}s: the missing-item rule first, then the
 * method, then the documented range. Pure: no Beam, no I/O.
 */
final class ResponseScorer {
  private static final double EPSILON = 1e-9;

  private final QuestionnaireDefinition questionnaire;
  private final InstrumentSpec instrument;
  private final Map<String, ScoringTable> tables;
  private final Map<String, Eq5dValueSet> valueSets;

  ResponseScorer(
      QuestionnaireDefinition questionnaire,
      InstrumentSpec instrument,
      Map<String, ScoringTable> tables,
      Map<String, Eq5dValueSet> valueSets) {
    this.questionnaire = questionnaire;
    this.instrument = instrument;
    this.tables = tables;
    this.valueSets = valueSets;
  }

  List<Score> score(List<ResponseRecord.Answer> answers) {
    Map<String, ResponseRecord.Answer> byItem = new LinkedHashMap<>();
    for (ResponseRecord.Answer answer : answers) {
      byItem.putIfAbsent(answer.linkId(), answer);
    }
    List<Score> scores = new ArrayList<>();
    Map<String, Score> byScale = new TreeMap<>();
    for (ScaleSpec spec : instrument.scales()) {
      for (Score score : scoreScale(spec, byItem, byScale)) {
        scores.add(score);
        byScale.put(score.scale(), score);
      }
    }
    return scores;
  }

  private List<Score> scoreScale(
      ScaleSpec spec, Map<String, ResponseRecord.Answer> answers, Map<String, Score> done) {
    return switch (spec.method()) {
      case SUM, MEAN, TABLE -> List.of(aggregate(spec, answers, done));
      case ITEM_VALUE -> List.of(itemValue(spec, answers));
      case EQ5D_PROFILE -> List.of(profile(spec, answers));
      case EQ5D_INDEX -> indices(spec, answers);
      case EXPERIENCE -> experience(spec, answers);
    };
  }

  /** The items a scale draws on: named ones, else its group's, else every weighted item. */
  private List<Item> itemsOf(ScaleSpec spec) {
    List<Item> items = new ArrayList<>();
    for (Item item : questionnaire.items().values()) {
      boolean named = spec.items().isEmpty() || spec.items().contains(item.linkId());
      boolean grouped = spec.group() == null || spec.group().equals(item.group());
      if (named && grouped && !item.numeric()) {
        items.add(item);
      }
    }
    return items;
  }

  /** The weight of an answer, reversed for reverse-scored items; null when not answered or N/A. */
  private static @Nullable Double weight(Item item, ResponseRecord.Answer answer) {
    if (answer == null || answer.code() == null) {
      return null;
    }
    Option option = item.options().get(answer.code());
    if (option == null || option.weight() == null) {
      return null;
    }
    if (!item.reverseScored()) {
      return option.weight();
    }
    return item.minWeight() + item.maxWeight() - option.weight();
  }

  private Score aggregate(
      ScaleSpec spec, Map<String, ResponseRecord.Answer> answers, Map<String, Score> done) {
    for (String required : spec.requires()) {
      Score other = done.get(required);
      if (other == null || other.value() == null) {
        return Score.missing(spec.scale(), ScoreStatus.INSUFFICIENT_ITEMS, spec.methodId());
      }
    }
    List<Item> items = itemsOf(spec);
    double sum = 0;
    int answered = 0;
    for (Item item : items) {
      Double w = weight(item, answers.get(item.linkId()));
      if (w != null) {
        sum += w;
        answered++;
      }
    }
    int missing = items.size() - answered;
    boolean enough =
        answered > 0
            && (spec.minAnswered() != null
                ? answered >= spec.minAnswered()
                : missing <= spec.maxMissing());
    if (!enough) {
      return Score.missing(spec.scale(), ScoreStatus.INSUFFICIENT_ITEMS, spec.methodId());
    }
    ScoreStatus status = missing == 0 ? ScoreStatus.VALID : ScoreStatus.PRORATED;
    double value;
    switch (spec.method()) {
      case MEAN -> value = sum / answered * spec.multiplier();
      case TABLE -> {
        ScoringTable table = tables.get(spec.table());
        Double converted = missing == 0 ? table.lookup(sum) : null;
        if (converted == null) {
          return Score.missing(spec.scale(), ScoreStatus.OUT_OF_RANGE, spec.methodId());
        }
        value = converted;
      }
      default -> value = spec.prorate() && missing > 0 ? sum * items.size() / answered : sum;
    }
    if (missing > 0 && spec.method() == ScaleSpec.Method.SUM && !spec.prorate()) {
      // A plain sum over fewer items is not comparable: only a prorated sum may stand in.
      return Score.missing(spec.scale(), ScoreStatus.INSUFFICIENT_ITEMS, spec.methodId());
    }
    return inRange(spec, value)
        ? Score.of(spec.scale(), value, status, spec.methodId())
        : Score.missing(spec.scale(), ScoreStatus.OUT_OF_RANGE, spec.methodId());
  }

  private static boolean inRange(ScaleSpec spec, double value) {
    return (spec.min() == null || value >= spec.min() - EPSILON)
        && (spec.max() == null || value <= spec.max() + EPSILON);
  }

  private Score itemValue(ScaleSpec spec, Map<String, ResponseRecord.Answer> answers) {
    ResponseRecord.Answer answer = answers.get(spec.items().get(0));
    if (answer == null || answer.number() == null) {
      return Score.missing(spec.scale(), ScoreStatus.INSUFFICIENT_ITEMS, spec.methodId());
    }
    double value = answer.number();
    return inRange(spec, value)
        ? Score.of(spec.scale(), value, ScoreStatus.VALID, spec.methodId())
        : Score.missing(spec.scale(), ScoreStatus.OUT_OF_RANGE, spec.methodId());
  }

  /** The level (1…n) of each dimension, or null when any is missing: EuroQol allows none. */
  private @Nullable int[] levels(ScaleSpec spec, Map<String, ResponseRecord.Answer> answers) {
    int[] levels = new int[spec.items().size()];
    for (int i = 0; i < levels.length; i++) {
      Item item = questionnaire.items().get(spec.items().get(i));
      Double w = item == null ? null : weight(item, answers.get(item.linkId()));
      if (w == null) {
        return null;
      }
      levels[i] = (int) Math.round(w);
    }
    return levels;
  }

  private Score profile(ScaleSpec spec, Map<String, ResponseRecord.Answer> answers) {
    int[] levels = levels(spec, answers);
    if (levels == null) {
      return Score.missing(spec.scale(), ScoreStatus.INSUFFICIENT_ITEMS, spec.methodId());
    }
    StringBuilder text = new StringBuilder();
    for (int level : levels) {
      text.append(level);
    }
    return new Score(spec.scale(), null, text.toString(), ScoreStatus.VALID, spec.methodId());
  }

  private List<Score> indices(ScaleSpec spec, Map<String, ResponseRecord.Answer> answers) {
    int[] levels = levels(spec, answers);
    List<Score> scores = new ArrayList<>();
    for (String id : spec.valueSets()) {
      Eq5dValueSet valueSet = valueSets.get(id);
      String scale =
          id.equals(spec.defaultValueSet()) ? spec.scale() : spec.scale() + "_" + id.toLowerCase();
      scores.add(
          levels == null
              ? Score.missing(scale, ScoreStatus.INSUFFICIENT_ITEMS, valueSet.methodId())
              : Score.of(
                  scale,
                  valueSet.index(spec.items(), levels),
                  ScoreStatus.VALID,
                  valueSet.methodId()));
    }
    return scores;
  }

  /**
   * Experience items (HCAHPS-style): per answered item a top-box and a bottom-box indicator (1 or
   * 0) and a linear 0–100 score; per composite, the mean of its answered items. "Does not apply"
   * answers are left out of every denominator.
   */
  private List<Score> experience(ScaleSpec spec, Map<String, ResponseRecord.Answer> answers) {
    List<Score> scores = new ArrayList<>();
    Map<String, double[]> composites = new LinkedHashMap<>();
    for (Item item : itemsOf(spec)) {
      ResponseRecord.Answer answer = answers.get(item.linkId());
      Option option =
          answer == null || answer.code() == null ? null : item.options().get(answer.code());
      if (option == null || option.weight() == null) {
        continue;
      }
      double min = item.minWeight();
      double max = item.maxWeight();
      double top = option.box() == Box.TOP ? 1 : 0;
      double bottom = option.box() == Box.BOTTOM ? 1 : 0;
      double linear = max > min ? (option.weight() - min) / (max - min) * 100 : 100;
      String id = spec.methodId();
      scores.add(Score.of(item.linkId() + ".top_box", top, ScoreStatus.VALID, id));
      scores.add(Score.of(item.linkId() + ".bottom_box", bottom, ScoreStatus.VALID, id));
      scores.add(Score.of(item.linkId() + ".linear", linear, ScoreStatus.VALID, id));
      if (item.group() != null) {
        double[] sums = composites.computeIfAbsent(item.group(), g -> new double[4]);
        sums[0] += top;
        sums[1] += bottom;
        sums[2] += linear;
        sums[3]++;
      }
    }
    composites.forEach(
        (composite, sums) -> {
          String id = spec.methodId();
          scores.add(Score.of(composite + ".top_box", sums[0] / sums[3], ScoreStatus.VALID, id));
          scores.add(Score.of(composite + ".bottom_box", sums[1] / sums[3], ScoreStatus.VALID, id));
          scores.add(Score.of(composite + ".linear", sums[2] / sums[3], ScoreStatus.VALID, id));
        });
    return scores;
  }
}
