package quebec.balises.quality;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.CellSumsInBundleFn;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.RecordCoder;

/**
 * Stage 7b: the data-quality counts of every trajectory, per period, unit and stratum, as figures
 * of their {@link QualityMeasure}s, ready to be protected with the indicators' figures by {@code
 * ProtectPublicFigures}. The counting rules are {@link QualityCounting}'s; cells are combined where
 * they lie, and an episode's responses are gathered only to say whether one was kept at baseline.
 */
public final class ComputeDataQuality
    extends PTransform<PCollectionTuple, PCollection<IndicatorFigure>> {
  public static final TupleTag<EpisodeScale> PAIRS = new TupleTag<>() {};
  public static final TupleTag<TimepointAssignment> ASSIGNMENTS = new TupleTag<>() {};
  public static final TupleTag<LinkedEpisode> EPISODES = new TupleTag<>() {};

  private final List<QualityMeasure> measures;
  private final Map<String, IndicatorDefinition> definitions;
  private final TimepointPlan plan;
  private final PublicationRules rules;

  public ComputeDataQuality(
      List<QualityMeasure> measures,
      Map<String, IndicatorDefinition> definitions,
      TimepointPlan plan,
      PublicationRules rules) {
    this.measures = measures;
    this.definitions = definitions;
    this.plan = plan;
    this.rules = rules;
  }

  /** One side of an episode's participation: the episode itself, or a kept baseline response. */
  record Part(@Nullable LinkedEpisode episode, boolean baselineKept) implements Serializable {}

  @Override
  public PCollection<IndicatorFigure> expand(PCollectionTuple input) {
    QualityCounting.Index index = new QualityCounting.Index(measures, definitions);
    KvCoder<Cell, long[]> countCoder = KvCoder.of(new Cell.Coder(), CountsCoder.INSTANCE);
    KvCoder<String, Part> partCoder = KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Part.class));

    PCollection<KV<Cell, long[]>> fromRows =
        input
            .get(PAIRS)
            .apply("CountRows", ParDo.of(new TallyFn<EpisodeScale>(index, QualityCounting::ofRow)))
            .setCoder(countCoder);
    PCollection<TimepointAssignment> assignments = input.get(ASSIGNMENTS);
    PCollection<KV<Cell, long[]>> fromAssignments =
        assignments
            .apply(
                "CountOutcomes",
                ParDo.of(new TallyFn<TimepointAssignment>(index, QualityCounting::ofAssignment)))
            .setCoder(countCoder);
    PCollection<KV<String, Part>> baselines =
        assignments.apply("KeptBaselines", ParDo.of(new KeptBaselineFn(plan))).setCoder(partCoder);
    PCollection<KV<String, Part>> episodes =
        input.get(EPISODES).apply("EpisodesById", ParDo.of(new EpisodeFn())).setCoder(partCoder);
    PCollection<KV<Cell, long[]>> fromEpisodes =
        PCollectionList.of(episodes)
            .and(baselines)
            .apply("EpisodesAndBaselines", Flatten.pCollections())
            .apply("GroupByEpisode", GroupByKey.create())
            .apply("CountParticipation", ParDo.of(new ParticipationFn(index)))
            .setCoder(countCoder);
    return PCollectionList.of(fromRows)
        .and(fromAssignments)
        .and(fromEpisodes)
        .apply("AllCounts", Flatten.pCollections())
        .apply("SumCells", Combine.perKey(new SumCounts()))
        .setCoder(countCoder)
        .apply("FigureEachCell", ParDo.of(new FigureFn(definitions, rules)))
        .setCoder(RecordCoder.of(IndicatorFigure.class));
  }

  /**
   * Counts added up per cell while a bundle lasts, handed on when it ends ({@link
   * CellSumsInBundleFn}): each input element adds (1, 1) in each cell of a numerator count, else
   * (1, 0). Summed before the shuffle, the combine no longer sorts a pair per cell of every pair
   * and placement: on the sample that sort was most of the stage's time (docs/performance.md).
   */
  abstract static class CountInBundleFn<T> extends CellSumsInBundleFn<T, long[]> {
    CountInBundleFn() {
      super(null);
    }

    @Override
    protected long[] emptySum() {
      return new long[2];
    }

    final void add(List<QualityCounting.Tally> tallies) {
      for (QualityCounting.Tally tally : tallies) {
        for (Cell cell : tally.cells()) {
          add(cell, tally.inNumerator());
        }
      }
    }

    /** One element received in the cell, and in its numerator or not. */
    final void add(Cell cell, boolean inNumerator) {
      long[] sum = sumAt(cell);
      sum[0]++;
      sum[1] += inNumerator ? 1 : 0;
    }
  }

  /** The counts of each input element, by its rule. */
  static final class TallyFn<T> extends CountInBundleFn<T> {
    private final QualityCounting.Index index;
    private final Rule<T> rule;

    interface Rule<T> extends Serializable {
      List<QualityCounting.Tally> apply(QualityCounting.Index index, T element);
    }

    TallyFn(QualityCounting.Index index, Rule<T> rule) {
      this.index = index;
      this.rule = rule;
    }

    @ProcessElement
    public void process(@Element T element) {
      add(rule.apply(index, element));
    }
  }

  /** A response kept at its trajectory's baseline, keyed by its episode. */
  static final class KeptBaselineFn extends DoFn<TimepointAssignment, KV<String, Part>> {
    private final TimepointPlan plan;

    KeptBaselineFn(TimepointPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(
        @Element TimepointAssignment assignment, OutputReceiver<KV<String, Part>> out) {
      LinkedEpisode episode = assignment.response().linked().episode();
      String baseline =
          plan.baseline(episode.episode().trajectory()).map(t -> t.name()).orElse(null);
      if (baseline != null && QualityCounting.isBaselineKept(assignment, baseline)) {
        out.output(KV.of(episode.episode().id(), new Part(null, true)));
      }
    }
  }

  static final class EpisodeFn extends DoFn<LinkedEpisode, KV<String, Part>> {
    @ProcessElement
    public void process(@Element LinkedEpisode episode, OutputReceiver<KV<String, Part>> out) {
      out.output(KV.of(episode.episode().id(), new Part(episode, false)));
    }
  }

  /** One episode with whether any of its responses was kept at baseline. */
  static final class ParticipationFn extends CountInBundleFn<KV<String, Iterable<Part>>> {
    private final QualityCounting.Index index;

    ParticipationFn(QualityCounting.Index index) {
      this.index = index;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Part>> group) {
      LinkedEpisode episode = null;
      boolean kept = false;
      for (Part part : group.getValue()) {
        if (part.episode() != null) {
          episode = part.episode();
        }
        kept |= part.baselineKept();
      }
      if (episode != null) {
        add(QualityCounting.ofEpisode(index, episode, kept));
      }
    }
  }

  /** A cell's counts summed: (received, in the numerator), added where they are made. */
  static final class SumCounts extends Combine.CombineFn<long[], long[], long[]> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] addInput(long[] sum, long[] count) {
      sum[0] += count[0];
      sum[1] += count[1];
      return sum;
    }

    @Override
    public long[] mergeAccumulators(Iterable<long[]> sums) {
      long[] total = createAccumulator();
      for (long[] sum : sums) {
        addInput(total, sum);
      }
      return total;
    }

    @Override
    public long[] extractOutput(long[] sum) {
      return sum;
    }

    @Override
    public Coder<long[]> getAccumulatorCoder(CoderRegistry registry, Coder<long[]> inputCoder) {
      return CountsCoder.INSTANCE;
    }
  }

  /**
   * A cell's two counts as varints. Java serialization of a {@code long[]}, Beam's fallback, wrote
   * a fresh object stream for each of the many counts crossing the combine: a tenth of the sample
   * run's samples (docs/performance.md).
   */
  static final class CountsCoder extends AtomicCoder<long[]> {
    static final CountsCoder INSTANCE = new CountsCoder();
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(long[] counts, OutputStream out) throws IOException {
      VarInt.encode(counts.length, out);
      for (long count : counts) {
        VarInt.encode(count, out);
      }
    }

    @Override
    public long[] decode(InputStream in) throws IOException {
      long[] counts = new long[VarInt.decodeInt(in)];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = VarInt.decodeLong(in);
      }
      return counts;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** A cell's figure, with its true counts for disclosure control. */
  static final class FigureFn extends DoFn<KV<Cell, long[]>, IndicatorFigure> {
    private final Map<String, IndicatorDefinition> definitions;
    private final PublicationRules rules;

    FigureFn(Map<String, IndicatorDefinition> definitions, PublicationRules rules) {
      this.definitions = definitions;
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element KV<Cell, long[]> cell, OutputReceiver<IndicatorFigure> out) {
      out.output(
          figure(
              definitions.get(cell.getKey().indicatorId()), cell.getKey(), cell.getValue(), rules));
    }
  }

  /** The figure of a measure's cell with counts (n, numerator). */
  public static IndicatorFigure figure(
      IndicatorDefinition definition, Cell cell, long[] counts, PublicationRules rules) {
    QualityMeasure measure = QualityMeasure.parse(definition.id());
    return new IndicatorFigure(
        definition.id(),
        definition.version(),
        definition.sha256(),
        definition.trajectory(),
        definition.scoring().code(),
        "increase",
        measure.method(),
        cell,
        QualityCounting.figure(measure.isCount(), counts[0], counts[1], rules),
        null,
        null,
        new IndicatorFigure.Counts(counts[0], counts[1]),
        null);
  }
}
