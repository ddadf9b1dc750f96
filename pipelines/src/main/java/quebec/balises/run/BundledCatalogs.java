package quebec.balises.run;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
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

  /** The catalogs that no option changes, loaded together. */
  record Fixed(
      IndicatorCatalog catalog,
      TargetCatalog targets,
      ActionPlanCatalog actionPlans,
      TimepointPlan timepoints) {}

  /**
   * Starts loading the catalogs that no option changes, on another thread: they take a second or
   * more (HAPI reads every Measure, Goal and Task), and the options and inputs are checked
   * meanwhile (docs/performance.md). {@link #await} gives them, or their failure.
   */
  static CompletableFuture<Fixed> loadFixedInBackground() {
    return onItsOwnThread(
        () -> {
          IndicatorCatalog catalog = loadCatalog();
          TargetCatalog targets = loadTargets(catalog);
          return new Fixed(catalog, targets, loadActionPlans(catalog, targets), loadTimepoints());
        });
  }

  /**
   * The work on a daemon thread of its own, not the common pool: it inherits the caller's context
   * class loader (a job submitted through a Flink client runs in the client's user-code class
   * loader), and an exit on a bad option does not wait for it.
   */
  static <T> CompletableFuture<T> onItsOwnThread(Supplier<T> work) {
    return CompletableFuture.supplyAsync(
        work,
        task -> {
          Thread thread = new Thread(task, "balises-catalogs");
          thread.setDaemon(true);
          thread.start();
        });
  }

  /** The catalogs loaded in the background; a failure is thrown as it would have been here. */
  static Fixed await(CompletableFuture<Fixed> loading) {
    try {
      return loading.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
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
