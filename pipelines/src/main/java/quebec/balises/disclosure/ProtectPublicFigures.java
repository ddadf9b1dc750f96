package quebec.balises.disclosure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.ingest.ReadFhirRecords;

/**
 * Stage 8, the one door to {@code public/}: complementary suppression of the indicator figures, so
 * that no figure withheld by the publication rules can be worked out from the published ones. The
 * figures of one indicator and one calendar year (its quarters, the year, every unit and stratum)
 * are one table: they are grouped, protected together ({@link ComplementarySuppression}), and
 * released. A table holds cells, not rows, so a group is bounded by units × strata × 5 periods.
 */
public final class ProtectPublicFigures
    extends PTransform<PCollection<IndicatorFigure>, PCollection<IndicatorFigure>> {
  public static final String PRIMARY_METRIC = "suppressed_primary";
  public static final String COMPLEMENTARY_METRIC = "suppressed_complementary";

  @Override
  public PCollection<IndicatorFigure> expand(PCollection<IndicatorFigure> figures) {
    return figures
        .apply(
            "ByIndicatorAndYear",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(IndicatorFigure.class)))
                .via(f -> KV.of(f.indicatorId() + "|" + f.cell().period().substring(0, 4), f)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(IndicatorFigure.class)))
        .apply("GatherTables", GroupByKey.create())
        .apply("SuppressComplements", ParDo.of(new ProtectTableFn()))
        .setCoder(SerializableCoder.of(IndicatorFigure.class));
  }

  static final class ProtectTableFn
      extends DoFn<KV<String, Iterable<IndicatorFigure>>, IndicatorFigure> {
    private final Counter primary = Metrics.counter(ReadFhirRecords.METRICS, PRIMARY_METRIC);
    private final Counter complementary =
        Metrics.counter(ReadFhirRecords.METRICS, COMPLEMENTARY_METRIC);

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<IndicatorFigure>> table, OutputReceiver<IndicatorFigure> out) {
      List<IndicatorFigure> figures = new ArrayList<>();
      table.getValue().forEach(figures::add);
      // A fixed order, so that ties between complements are broken the same way on every run.
      figures.sort(Comparator.comparing(f -> f.cell().toString()));
      List<IndicatorFigure> protectedFigures = protect(figures);
      for (int i = 0; i < figures.size(); i++) {
        if (figures.get(i).figure().suppressed()) {
          primary.inc();
        } else if (protectedFigures.get(i).figure().suppressed()) {
          complementary.inc();
        }
        out.output(protectedFigures.get(i));
      }
    }
  }

  /**
   * The figures of one table after complementary suppression, in the same order: first the withheld
   * values (numerators and sums), then the withheld counts (an n of 1–4), each protected over the
   * same relations.
   */
  public static List<IndicatorFigure> protect(List<IndicatorFigure> figures) {
    List<int[]> relations = AdditiveTable.relations(figures, IndicatorFigure::cell);
    long[] weight = new long[figures.size()];
    BitSet valueHidden = new BitSet();
    BitSet countHidden = new BitSet();
    for (int i = 0; i < figures.size(); i++) {
      Long n = figures.get(i).figure().n();
      weight[i] = n == null ? 0 : n;
      if (figures.get(i).figure().suppressed()) {
        valueHidden.set(i);
      }
      if (n == null) {
        countHidden.set(i);
      }
    }
    BitSet values = ComplementarySuppression.protect(weight, relations, valueHidden);
    BitSet counts = ComplementarySuppression.protect(weight, relations, countHidden);
    List<IndicatorFigure> result = new ArrayList<>(figures.size());
    for (int i = 0; i < figures.size(); i++) {
      IndicatorFigure figure = figures.get(i);
      boolean newlyHidden = (values.get(i) || counts.get(i)) && !figure.figure().suppressed();
      boolean newCountHidden = counts.get(i) && figure.figure().n() != null;
      if (newlyHidden || newCountHidden) {
        figure = figure.complementary(counts.get(i));
      }
      result.add(figure);
    }
    return result;
  }
}
