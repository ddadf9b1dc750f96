package quebec.balises.indicators;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.model.Failsafe;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;

/**
 * Stage 7: every indicator of the catalog, per period, reporting unit and stratum. Each paired row
 * adds its contribution to every cell it counts in, and cells are combined where they lie (a
 * mergeable {@link CellAccumulator}), so no unit's rows are ever gathered in one place. Adjusted
 * indicators first fit their provincial case-mix model per period the same way ({@link
 * CaseMixModel.Fit}); the province's own cells then give each unit's funnel its target.
 */
public final class ComputeIndicators
    extends PTransform<PCollection<EpisodeScale>, PCollectionTuple> {
  public static final TupleTag<IndicatorFigure> FIGURES = new TupleTag<>() {};
  public static final TupleTag<CaseMixModel> MODELS = new TupleTag<>() {};

  /**
   * Rows and cells whose computation failed unexpectedly ({@link Failsafe}): derived dead letters.
   * What they would have added is missing, so the job fails the run when there is any.
   */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private static final TupleTag<KV<IndicatorPeriod, ModelledRow>> MODELLED = new TupleTag<>() {};
  private static final TupleTag<KV<Cell, CellAccumulator>> LATEST = new TupleTag<>() {};
  private static final TupleTag<IndicatorFigure> FIGURED = new TupleTag<>() {};

  private final IndicatorCatalog catalog;
  private final PublicationRules rules;

  public ComputeIndicators(IndicatorCatalog catalog, PublicationRules rules) {
    this.catalog = catalog;
    this.rules = rules;
  }

  @Override
  public PCollectionTuple expand(PCollection<EpisodeScale> pairs) {
    PCollectionTuple modelled =
        pairs.apply(
            "ModelledRows",
            ParDo.of(new ModelledRowsFn(catalog))
                .withOutputTags(MODELLED, TupleTagList.of(FAILED)));
    PCollection<CaseMixModel> models =
        modelled
            .get(MODELLED)
            .apply("FitProvincialModels", Combine.perKey(new FitModel()))
            .apply(
                "EnoughToModel", Filter.by(fit -> fit.getValue().n() >= rules.minimumAdjustedN()))
            .apply(
                "AsModels",
                MapElements.into(TypeDescriptor.of(CaseMixModel.class))
                    .via(ComputeIndicators::model));
    PCollectionView<Map<IndicatorPeriod, CaseMixModel>> modelsByPeriod =
        models
            .apply(
                "KeyModelsByPeriod",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptor.of(IndicatorPeriod.class),
                            TypeDescriptor.of(CaseMixModel.class)))
                    .via(model -> KV.of(model.provinceKey(), model)))
            .apply("ModelsByPeriod", View.asMap());

    // One coder instance on both inputs of the flatten: the Flink runner unions only inputs whose
    // coders are equal, and these custom coders are equal only to themselves.
    KvCoder<Cell, CellAccumulator> cellCoder =
        KvCoder.of(new Cell.Coder(), new CellAccumulator.Coder());
    PCollectionTuple contributed =
        pairs.apply(
            "CountInCells",
            ParDo.of(new ContributeFn(catalog, modelsByPeriod))
                .withSideInputs(modelsByPeriod)
                .withOutputTags(CONTRIBUTIONS, TupleTagList.of(PERSON_ROWS).and(FAILED)));
    PCollectionTuple latest =
        contributed
            .get(PERSON_ROWS)
            .apply("GroupByPersonAndPeriod", GroupByKey.create())
            .apply(
                "CountLatestPerPerson",
                ParDo.of(new LatestPerPersonFn(catalog))
                    .withOutputTags(LATEST, TupleTagList.of(FAILED)));
    PCollection<KV<Cell, CellAccumulator>> perPerson = latest.get(LATEST).setCoder(cellCoder);
    PCollection<KV<Cell, CellAccumulator>> cells =
        PCollectionList.of(contributed.get(CONTRIBUTIONS).setCoder(cellCoder))
            .and(perPerson)
            .apply("AllContributions", Flatten.pCollections())
            .apply("AccumulateCells", Combine.perKey(new MergeCells()));
    PCollectionView<Map<IndicatorPeriod, CellAccumulator>> provinceByPeriod =
        cells
            .apply(
                "ProvinceCells",
                Filter.by(cell -> cell.getKey().isProvince() && cell.getKey().isWholeUnit()))
            .apply(
                "KeyProvinceByPeriod",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptor.of(IndicatorPeriod.class),
                            TypeDescriptor.of(CellAccumulator.class)))
                    .via(cell -> KV.of(cell.getKey().provinceKey(), cell.getValue())))
            .setCoder(
                KvCoder.of(RecordCoder.of(IndicatorPeriod.class), new CellAccumulator.Coder()))
            .apply("ProvinceByPeriod", View.asMap());
    PCollectionTuple figured =
        cells.apply(
            "FigureEachCell",
            ParDo.of(new FigureFn(catalog, rules, provinceByPeriod, modelsByPeriod))
                .withSideInputs(provinceByPeriod, modelsByPeriod)
                .withOutputTags(FIGURED, TupleTagList.of(FAILED)));
    PCollection<Rejection> failed =
        PCollectionList.of(modelled.get(FAILED))
            .and(contributed.get(FAILED))
            .and(latest.get(FAILED))
            .and(figured.get(FAILED))
            .apply("AllFailed", Flatten.pCollections());
    return PCollectionTuple.of(FIGURES, figured.get(FIGURED))
        .and(MODELS, models)
        .and(FAILED, failed);
  }

  private static CaseMixModel model(KV<IndicatorPeriod, CaseMixModel.Fit> fit) {
    IndicatorPeriod key = fit.getKey();
    return fit.getValue().model(key.indicatorId(), key.periodType(), key.period());
  }

  /** One modelled record of an adjusted indicator: its covariates and its follow-up score. */
  @DefaultCoder(RecordCoder.class)
  record ModelledRow(double[] covariates, double followup) {}

  /**
   * The key that gathers one person's counted rows of one indicator in one period. Its coding is
   * deterministic ({@link RecordCoder#verifyDeterministic}), as a grouping key's must be.
   */
  @DefaultCoder(RecordCoder.class)
  record PersonPeriod(IndicatorPeriod period, String patientId) {}

  /** The periods a row counts in for an indicator, by the Measure's period basis. */
  private static List<Period> periods(IndicatorDefinition indicator, EpisodeScale row) {
    LocalDate date = indicator.periodDate(row);
    return date == null ? List.of() : Period.containing(date);
  }

  /**
   * Runs one element's work under {@link Failsafe}; a failure becomes one derived dead letter,
   * named by the episode the element comes from when it is one row, else by the element itself.
   */
  static void guard(
      Object element, String stage, DoFn.MultiOutputReceiver outputs, Failsafe.Work work) {
    Throwable failure = Failsafe.run(work);
    if (failure != null) {
      outputs
          .get(FAILED)
          .output(
              Failsafe.derived(
                  element instanceof EpisodeScale row ? row.episode().source() : null,
                  element,
                  stage,
                  failure));
    }
  }

  /** The modelled records of adjusted indicators: covariates then the follow-up score. */
  static final class ModelledRowsFn extends DoFn<EpisodeScale, KV<IndicatorPeriod, ModelledRow>> {
    private final IndicatorCatalog catalog;

    ModelledRowsFn(IndicatorCatalog catalog) {
      this.catalog = catalog;
    }

    @ProcessElement
    public void process(@Element EpisodeScale row, MultiOutputReceiver outputs) {
      OutputReceiver<KV<IndicatorPeriod, ModelledRow>> out = outputs.get(MODELLED);
      guard(row, "ComputeIndicators.ModelledRows", outputs, held -> modelled(row, out, held));
    }

    private void modelled(
        EpisodeScale row,
        OutputReceiver<KV<IndicatorPeriod, ModelledRow>> out,
        Failsafe.Held held) {
      Function<String, @Nullable Object> fields = EpisodeFields.of(row);
      for (IndicatorDefinition indicator : catalog.indicators()) {
        if (!indicator.adjusted() || !indicator.counts(fields)) {
          continue;
        }
        double[] x = CaseMixDesign.covariates(row);
        if (x == null) {
          continue;
        }
        ModelledRow modelledRow = new ModelledRow(x, row.followup().value());
        for (Period period : periods(indicator, row)) {
          held.output(
              out::output,
              KV.of(
                  new IndicatorPeriod(indicator.id(), period.type(), period.label()), modelledRow));
        }
      }
    }
  }

  static final class FitModel
      extends Combine.CombineFn<ModelledRow, CaseMixModel.Fit, CaseMixModel.Fit> {
    @Override
    public CaseMixModel.Fit createAccumulator() {
      return new CaseMixModel.Fit();
    }

    @Override
    public CaseMixModel.Fit addInput(CaseMixModel.Fit fit, ModelledRow row) {
      fit.add(row.covariates().clone(), row.followup());
      return fit;
    }

    @Override
    public CaseMixModel.Fit mergeAccumulators(Iterable<CaseMixModel.Fit> fits) {
      CaseMixModel.Fit merged = new CaseMixModel.Fit();
      for (CaseMixModel.Fit fit : fits) {
        merged.merge(fit);
      }
      return merged;
    }

    @Override
    public CaseMixModel.Fit extractOutput(CaseMixModel.Fit fit) {
      return fit;
    }

    @Override
    public Coder<CaseMixModel.Fit> getAccumulatorCoder(
        CoderRegistry registry, Coder<ModelledRow> inputCoder) {
      return new CaseMixModel.Fit.Coder();
    }

    @Override
    public Coder<CaseMixModel.Fit> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ModelledRow> inputCoder) {
      return new CaseMixModel.Fit.Coder();
    }
  }

  private static final TupleTag<KV<Cell, CellAccumulator>> CONTRIBUTIONS = new TupleTag<>() {};

  /** Rows of latest-per-person indicators, keyed by indicator, period and person. */
  private static final TupleTag<KV<PersonPeriod, EpisodeScale>> PERSON_ROWS = new TupleTag<>() {};

  /** The key that gathers one person's counted rows of one indicator in one period. */
  static PersonPeriod personKey(IndicatorDefinition indicator, Period period, EpisodeScale row) {
    return new PersonPeriod(
        new IndicatorPeriod(indicator.id(), period.type(), period.label()),
        row.episode().patient().id());
  }

  /**
   * The row a person counts with in a period: the latest by the Measure's period date, then the
   * later timepoint's follow-up response id, so that the choice is the same on every run.
   */
  static EpisodeScale latest(IndicatorDefinition indicator, Iterable<EpisodeScale> rows) {
    EpisodeScale latest = null;
    for (EpisodeScale row : rows) {
      if (latest == null || compareForLatest(indicator, row, latest) > 0) {
        latest = row;
      }
    }
    return latest;
  }

  private static int compareForLatest(
      IndicatorDefinition indicator, EpisodeScale a, EpisodeScale b) {
    int byDate = indicator.periodDate(a).compareTo(indicator.periodDate(b));
    if (byDate != 0) {
      return byDate;
    }
    return java.util.Comparator.<EpisodeScale, String>comparing(
            r -> r.followupResponseId() == null ? "" : r.followupResponseId())
        .thenComparing(r -> r.baselineResponseId() == null ? "" : r.baselineResponseId())
        .thenComparing(EpisodeScale::timepoint)
        .compare(a, b);
  }

  /** What a counted row adds to an indicator's cells before adjustment; null when nothing. */
  static @Nullable Contribution plain(
      IndicatorDefinition indicator, Function<String, @Nullable Object> fields) {
    if (indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION) {
      return Contribution.proportion(indicator.inNumerator(fields));
    }
    Double value = indicator.observe(fields);
    return value == null ? null : Contribution.observation(value);
  }

  /** Each person's latest row of a period, added to that period's cells only. */
  static final class LatestPerPersonFn
      extends ContributionsFn<KV<PersonPeriod, Iterable<EpisodeScale>>> {
    private final IndicatorCatalog catalog;
    private transient Map<String, IndicatorDefinition> byId;

    LatestPerPersonFn(IndicatorCatalog catalog) {
      super(LATEST);
      this.catalog = catalog;
    }

    @Setup
    public void setup() {
      byId = catalog.byId();
    }

    @ProcessElement
    public void process(
        @Element KV<PersonPeriod, Iterable<EpisodeScale>> person, MultiOutputReceiver outputs) {
      guard(
          person.getValue(),
          "ComputeIndicators.CountLatestPerPerson",
          outputs,
          held -> {
            IndicatorPeriod key = person.getKey().period();
            IndicatorDefinition indicator = byId.get(key.indicatorId());
            EpisodeScale row = latest(indicator, person.getValue());
            Contribution contribution = plain(indicator, EpisodeFields.of(row));
            if (contribution == null) {
              return;
            }
            for (Cell cell : Cell.of(indicator, row)) {
              if (cell.provinceKey().equals(key)) {
                held.output(this::add, KV.of(cell, contribution));
              }
            }
          });
    }
  }

  /**
   * Each counted row's contribution to each of its cells; the rows of a latest-per-person indicator
   * go to {@link LatestPerPersonFn} first, once per period they fall in.
   */
  static final class ContributeFn extends ContributionsFn<EpisodeScale> {
    private final IndicatorCatalog catalog;
    private final PCollectionView<Map<IndicatorPeriod, CaseMixModel>> models;

    ContributeFn(
        IndicatorCatalog catalog, PCollectionView<Map<IndicatorPeriod, CaseMixModel>> models) {
      super(CONTRIBUTIONS);
      this.catalog = catalog;
      this.models = models;
    }

    @ProcessElement
    public void process(
        @Element EpisodeScale row, ProcessContext context, MultiOutputReceiver outputs) {
      Map<IndicatorPeriod, CaseMixModel> modelsByPeriod = context.sideInput(models);
      guard(
          row,
          "ComputeIndicators.CountInCells",
          outputs,
          held -> contribute(row, modelsByPeriod, outputs, held));
    }

    private void contribute(
        EpisodeScale row,
        Map<IndicatorPeriod, CaseMixModel> modelsByPeriod,
        MultiOutputReceiver outputs,
        Failsafe.Held held) {
      Function<String, @Nullable Object> fields = EpisodeFields.of(row);
      for (IndicatorDefinition indicator : catalog.indicators()) {
        if (!indicator.counts(fields)) {
          continue;
        }
        if (indicator.latestPerPerson()) {
          for (Period period : periods(indicator, row)) {
            held.output(
                outputs.get(PERSON_ROWS)::output, KV.of(personKey(indicator, period, row), row));
          }
          continue;
        }
        Contribution plain = plain(indicator, fields);
        if (plain == null) {
          continue;
        }
        double[] covariates = indicator.adjusted() ? CaseMixDesign.covariates(row) : null;
        for (Cell cell : Cell.of(indicator, row)) {
          Contribution contribution = plain;
          CaseMixModel model = covariates == null ? null : modelsByPeriod.get(cell.provinceKey());
          if (model != null && cell.isWholeUnit()) {
            contribution =
                Contribution.modelled(
                    plain.value(), row.followup().value(), model.predict(covariates));
          }
          held.output(this::add, KV.of(cell, contribution));
        }
      }
    }
  }

  /**
   * Contributions added up per cell while a bundle lasts into exact accumulators, handed on to the
   * stage's output when it ends ({@link CellSumsInBundleFn}). A row's contributions are added only
   * once its work has completed ({@link Failsafe}), as they were output before.
   */
  abstract static class ContributionsFn<InputT>
      extends CellSumsInBundleFn<InputT, CellAccumulator> {
    ContributionsFn(TupleTag<KV<Cell, CellAccumulator>> cells) {
      super(cells);
    }

    @Override
    protected CellAccumulator emptySum() {
      return new CellAccumulator();
    }

    final void add(KV<Cell, Contribution> contribution) {
      sumAt(contribution.getKey()).add(contribution.getValue());
    }
  }

  /** A cell's accumulators from every bundle, merged. */
  static final class MergeCells
      extends Combine.CombineFn<CellAccumulator, CellAccumulator, CellAccumulator> {
    @Override
    public CellAccumulator createAccumulator() {
      return new CellAccumulator();
    }

    @Override
    public CellAccumulator addInput(CellAccumulator accumulator, CellAccumulator bundle) {
      return accumulator.merge(bundle);
    }

    @Override
    public CellAccumulator mergeAccumulators(Iterable<CellAccumulator> accumulators) {
      CellAccumulator merged = new CellAccumulator();
      for (CellAccumulator accumulator : accumulators) {
        merged.merge(accumulator);
      }
      return merged;
    }

    @Override
    public CellAccumulator extractOutput(CellAccumulator accumulator) {
      return accumulator;
    }

    @Override
    public Coder<CellAccumulator> getAccumulatorCoder(
        CoderRegistry registry, Coder<CellAccumulator> inputCoder) {
      return new CellAccumulator.Coder();
    }

    @Override
    public Coder<CellAccumulator> getDefaultOutputCoder(
        CoderRegistry registry, Coder<CellAccumulator> inputCoder) {
      return new CellAccumulator.Coder();
    }
  }

  /** A cell's published figure, beside its province and its period's model. */
  static final class FigureFn extends DoFn<KV<Cell, CellAccumulator>, IndicatorFigure> {
    private final IndicatorCatalog catalog;
    private final PublicationRules rules;
    private final PCollectionView<Map<IndicatorPeriod, CellAccumulator>> province;
    private final PCollectionView<Map<IndicatorPeriod, CaseMixModel>> models;
    private transient Map<String, IndicatorDefinition> byId;

    FigureFn(
        IndicatorCatalog catalog,
        PublicationRules rules,
        PCollectionView<Map<IndicatorPeriod, CellAccumulator>> province,
        PCollectionView<Map<IndicatorPeriod, CaseMixModel>> models) {
      this.catalog = catalog;
      this.rules = rules;
      this.province = province;
      this.models = models;
    }

    @Setup
    public void setup() {
      byId = catalog.byId();
    }

    @ProcessElement
    public void process(
        @Element KV<Cell, CellAccumulator> cell,
        ProcessContext context,
        MultiOutputReceiver outputs) {
      IndicatorPeriod key = cell.getKey().provinceKey();
      CellAccumulator provinceCell = context.sideInput(province).get(key);
      CaseMixModel model = context.sideInput(models).get(key);
      guard(
          cell,
          "ComputeIndicators.FigureEachCell",
          outputs,
          held ->
              held.output(
                  outputs.get(FIGURED)::output,
                  IndicatorFigure.of(
                      byId.get(cell.getKey().indicatorId()),
                      cell.getKey(),
                      cell.getValue(),
                      provinceCell,
                      model,
                      rules)));
    }
  }
}
