package quebec.balises.run;

import java.nio.file.Path;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * The catalogs bundled with the job (instruments and their mappings, Measures, targets, action
 * plans, timepoints), loaded once per run; a file the job cannot use fails here, naming it.
 */
public final class BundledCatalogs {
  private BundledCatalogs() {}

  /**
   * The instrument registry with the mappings of these comma-separated folders; a broken file fails
   * here, naming it.
   */
  public static InstrumentRegistry loadRegistry(String mappingFolders) {
    InstrumentRegistry registry;
    try {
      registry = InstrumentRegistry.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(
          ExitCode.RUN_FAILED, "invalid instrument registry: " + e.getMessage(), e);
    }
    if (mappingFolders == null || mappingFolders.isBlank()) {
      return registry;
    }
    try {
      return registry.withMappingFolders(
          java.util.Arrays.stream(mappingFolders.split(","))
              .map(String::trim)
              .filter(f -> !f.isEmpty())
              .map(Path::of)
              .toList());
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.USAGE, "--mappings: " + e.getMessage(), e);
    }
  }

  /** The indicator catalog; a Measure the engine cannot use fails here, naming file and field. */
  static IndicatorCatalog loadCatalog() {
    try {
      return IndicatorCatalog.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid indicator catalog: " + e.getMessage(), e);
    }
  }

  /** The co-constructed targets; a Goal the job cannot apply fails here, naming file and field. */
  static TargetCatalog loadTargets(IndicatorCatalog catalog) {
    try {
      return TargetCatalog.bundled(catalog);
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid targets: " + e.getMessage(), e);
    }
  }

  /** The agreed improvement actions; a Task the job cannot publish fails here, naming the field. */
  static ActionPlanCatalog loadActionPlans(IndicatorCatalog catalog, TargetCatalog targets) {
    try {
      return ActionPlanCatalog.bundled(catalog, targets);
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid action plans: " + e.getMessage(), e);
    }
  }

  static TimepointPlan loadTimepoints() {
    try {
      return TimepointPlan.bundled();
    } catch (RuntimeException e) {
      throw new JobFailure(ExitCode.RUN_FAILED, "invalid timepoints: " + e.getMessage(), e);
    }
  }
}
