package quebec.balises;

import org.apache.beam.sdk.testing.TestPipeline;

/** Beam's TestPipeline is a JUnit 4 rule; under JUnit 5 each test creates and runs its own. */
public final class BeamTesting {
  private BeamTesting() {}

  /** A DirectRunner pipeline with Beam's immutability and encodability checks on. */
  public static TestPipeline pipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(false);
  }
}
