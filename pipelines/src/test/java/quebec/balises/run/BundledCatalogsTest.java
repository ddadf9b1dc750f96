package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The catalogs that no option changes, loaded beside the options. */
class BundledCatalogsTest {
  @Test
  void loadsTheSameCatalogsAsTheMainThreadWould() {
    BundledCatalogs.Fixed fixed = BundledCatalogs.await(BundledCatalogs.loadFixedInBackground());
    assertThat(
        fixed.catalog().indicators().size(), is(BundledCatalogs.loadCatalog().indicators().size()));
    assertThat(
        fixed.actionPlans().plans().size(),
        is(BundledCatalogs.loadActionPlans(fixed.catalog(), fixed.targets()).plans().size()));
    assertThat(fixed.timepoints().version(), is(BundledCatalogs.loadTimepoints().version()));
  }

  @Test
  void runsOnADaemonThreadWithTheCallersClassLoader() throws Exception {
    ClassLoader callers = new ClassLoader(getClass().getClassLoader()) {};
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(callers);
    CompletableFuture<Thread> running;
    try {
      running = BundledCatalogs.onItsOwnThread(Thread::currentThread);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    Thread thread = running.get();
    assertThat(thread.getName(), is("balises-catalogs"));
    assertThat(thread.isDaemon(), is(true));
    assertThat(thread.getContextClassLoader(), sameInstance(callers));
  }

  @Test
  void aFailedLoadIsThrownAsItself() {
    JobFailure failure = new JobFailure(ExitCode.RUN_FAILED, "invalid indicator catalog: x");
    JobFailure thrown =
        Assertions.assertThrows(
            JobFailure.class, () -> BundledCatalogs.await(CompletableFuture.failedFuture(failure)));
    assertThat(thrown, sameInstance(failure));
  }
}
