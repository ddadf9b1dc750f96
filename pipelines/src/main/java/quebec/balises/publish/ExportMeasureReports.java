package quebec.balises.publish;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.hl7.fhir.r4.model.MeasureReport;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorDefinition;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.model.Counters;
import quebec.balises.model.Failsafe;
import quebec.balises.model.Rejection;

/**
 * The published figures as FHIR R4 summary {@code MeasureReport} resources (docs/decisions/0011):
 * one report per indicator, period and reporting unit ({@link MeasureReports}), written as
 * Bulk-Data NDJSON, one file per indicator ({@code public/fhir/MeasureReport/<id>.ndjson}), lines
 * sorted so that reruns give the same bytes. It reads the same protected figures as {@code
 * public/indicators}, after {@code ProtectPublicFigures}: {@link ProtectedFigure}s only, so that no
 * unprotected figure can be wired to it.
 */
public final class ExportMeasureReports
    extends PTransform<PCollection<ProtectedFigure>, PCollection<Rejection>> {
  /** The folder, relative to the run's output, and the Beam counter of the reports written. */
  public static final String FOLDER = "public/fhir/MeasureReport";

  public static final String REPORTS_METRIC = Counters.rows(FOLDER);

  /** Reports whose mapping failed unexpectedly ({@link Failsafe}): derived dead letters. */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private static final TupleTag<KV<String, String>> LINES = new TupleTag<>() {};

  private final String outputRoot;
  private final TreeMap<String, String> measures;
  private final TreeMap<String, ArrayList<String>> stratifiers;
  private final LocalDate asOf;
  private final TargetCatalog targets;

  private ExportMeasureReports(
      String outputRoot,
      TreeMap<String, String> measures,
      TreeMap<String, ArrayList<String>> stratifiers,
      LocalDate asOf,
      TargetCatalog targets) {
    this.outputRoot = outputRoot;
    this.measures = measures;
    this.stratifiers = stratifiers;
    this.asOf = asOf;
    this.targets = targets;
  }

  /** Reports on the catalog's Measures, dated {@code asOf}, under {@code outputRoot}. */
  public static ExportMeasureReports to(
      String outputRoot, IndicatorCatalog catalog, LocalDate asOf) {
    return to(outputRoot, catalog, asOf, TargetCatalog.none());
  }

  /** Reports on the catalog's Measures with their targets, dated {@code asOf}. */
  public static ExportMeasureReports to(
      String outputRoot, IndicatorCatalog catalog, LocalDate asOf, TargetCatalog targets) {
    return to(outputRoot, catalog, List.of(), asOf, targets);
  }

  /**
   * Reports on the catalog's Measures and on {@code more} Measures published beside them (the
   * Measures about establishments, docs/decisions/0022), with their targets, dated {@code asOf}.
   */
  public static ExportMeasureReports to(
      String outputRoot,
      IndicatorCatalog catalog,
      List<IndicatorDefinition> more,
      LocalDate asOf,
      TargetCatalog targets) {
    TreeMap<String, String> measures = new TreeMap<>();
    TreeMap<String, ArrayList<String>> stratifiers = new TreeMap<>();
    List<IndicatorDefinition> all = new ArrayList<>(catalog.indicators());
    all.addAll(more);
    for (IndicatorDefinition indicator : all) {
      if (measures.containsKey(indicator.id())) {
        throw new IllegalArgumentException("two Measures with the id " + indicator.id());
      }
      measures.put(indicator.id(), indicator.url() + "|" + indicator.version());
      stratifiers.put(indicator.id(), new ArrayList<>(indicator.stratifiers().keySet()));
    }
    return new ExportMeasureReports(outputRoot, measures, stratifiers, asOf, targets);
  }

  @Override
  public PCollection<Rejection> expand(PCollection<ProtectedFigure> figures) {
    PCollectionTuple reports =
        figures
            .apply(
                "ByReport",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptor.of(MeasureReports.ReportKey.class),
                            TypeDescriptor.of(IndicatorFigure.class)))
                    .via(p -> KV.of(MeasureReports.reportKey(p.figure().cell()), p.figure())))
            .apply("GatherReports", GroupByKey.create())
            .apply(
                "ToMeasureReports",
                ParDo.of(new ToNdjsonFn(measures, stratifiers, asOf, targets))
                    .withOutputTags(LINES, TupleTagList.of(FAILED)));
    reports
        .get(LINES)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(
            "WriteNdjson",
            FileIO.<String, KV<String, String>>writeDynamic()
                .by(KV::getKey)
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(KV::getValue), SortedSink.lines())
                .to(outputRoot + "/" + FOLDER)
                .withTempDirectory(outputRoot + "/" + DatasetSink.TEMP)
                // One file per indicator, named for it alone, so that its path is stable.
                .withNumShards(1)
                .withNaming(
                    indicator ->
                        (window, pane, numShards, shardIndex, compression) ->
                            indicator + ".ndjson"));
    return reports.get(FAILED);
  }

  /** One report's figures to its NDJSON line, keyed by the indicator whose file it goes in. */
  static final class ToNdjsonFn
      extends DoFn<KV<MeasureReports.ReportKey, Iterable<IndicatorFigure>>, KV<String, String>> {
    private final Map<String, String> measures;
    private final Map<String, ArrayList<String>> stratifiers;
    private final LocalDate asOf;
    private final TargetCatalog targets;
    private final Counter reports = Counters.counter(REPORTS_METRIC);
    private transient IParser parser;

    ToNdjsonFn(
        TreeMap<String, String> measures,
        TreeMap<String, ArrayList<String>> stratifiers,
        LocalDate asOf,
        TargetCatalog targets) {
      this.measures = measures;
      this.stratifiers = stratifiers;
      this.asOf = asOf;
      this.targets = targets;
    }

    @Setup
    public void setup() {
      parser = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false);
    }

    @ProcessElement
    public void process(
        @Element KV<MeasureReports.ReportKey, Iterable<IndicatorFigure>> report,
        MultiOutputReceiver outputs) {
      Throwable failure = Failsafe.run(held -> toNdjson(report, outputs.get(LINES), held));
      if (failure != null) {
        outputs.get(FAILED).output(Failsafe.derived(null, report, "ExportMeasureReports", failure));
      }
    }

    private void toNdjson(
        KV<MeasureReports.ReportKey, Iterable<IndicatorFigure>> report,
        OutputReceiver<KV<String, String>> out,
        Failsafe.Held held) {
      List<IndicatorFigure> figures = new ArrayList<>();
      report.getValue().forEach(figures::add);
      String indicator = figures.get(0).indicatorId();
      String measure = measures.get(indicator);
      if (measure == null) {
        throw new IllegalStateException("no Measure in the catalog for " + indicator);
      }
      reports.inc();
      MeasureReport mapped =
          MeasureReports.of(figures, measure, stratifiers.get(indicator), asOf, targets);
      held.output(out::output, KV.of(indicator, parser.encodeResourceToString(mapped)));
    }
  }
}
