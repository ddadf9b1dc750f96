package quebec.balises.disclosure;

import quebec.balises.indicators.IndicatorFigure;

/**
 * Tests of the stages after disclosure control ({@code AllowForOverdispersion}, the public writers)
 * start from figures chosen by hand rather than from a whole trajectory's release: this test-only
 * class stands in for {@link ProtectPublicFigures}. The main code has no such door.
 */
public final class ReleasedForTests {
  private ReleasedForTests() {}

  /** {@code figure} as if disclosure control had released it unchanged. */
  public static ProtectedFigure released(IndicatorFigure figure) {
    return new ProtectedFigure(figure.released());
  }
}
