import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.run.BalisesPipeline;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.stats.SmallCellRule;

/**
 * The size of the job's Beam graph: its primitive transforms by kind (a ParDo is a MultiOutput, a
 * Flatten a PCollections), as the runner receives them. Builds the graph only; runs nothing.
 *
 * <p>Usage, with the jar to measure: {@code java -cp pipelines/target/balises.jar
 * bench/GraphSize.java}
 */
public class GraphSize {
  public static void main(String[] args) {
    IndicatorCatalog catalog = IndicatorCatalog.bundled();
    TargetCatalog targets = TargetCatalog.bundled(catalog);
    BalisesPipeline.Settings settings =
        new BalisesPipeline.Settings(
            List.of("sample-data/fhir/Patient.ndjson.gz"),
            "/tmp/graph-size-output",
            LocalDate.of(2026, 11, 1),
            InstrumentRegistry.bundled(),
            TimepointPlan.bundled(),
            PseudonymKeySource.of(null),
            65_536,
            catalog,
            targets,
            ActionPlanCatalog.bundled(catalog, targets),
            new PublicationRules(new SmallCellRule(5), 10, 30),
            1 << 24);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    BalisesPipeline.build(pipeline, settings);
    Map<String, Integer> byKind = new TreeMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            byKind.merge(node.getTransform().getClass().getSimpleName(), 1, Integer::sum);
          }
        });
    System.out.println(
        "primitive transforms "
            + byKind.values().stream().mapToInt(Integer::intValue).sum()
            + " "
            + byKind);
  }
}
