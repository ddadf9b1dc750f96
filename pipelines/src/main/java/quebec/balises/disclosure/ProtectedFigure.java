package quebec.balises.disclosure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.model.RecordCoder;
import quebec.balises.stats.SmallCellRule;

/**
 * A figure as disclosure control released it: the only kind of figure the writers of {@code
 * public/} accept ({@code PublicRows.indicators}, {@code ExportMeasureReports}). Only this package
 * makes one, in {@link ProtectPublicFigures} from {@link TrajectoryRelease}'s outcome, so that
 * wiring a computed, unprotected {@link IndicatorFigure} to a public writer does not compile.
 *
 * <p>Not a record on purpose: a record's constructor is as public as the record, and anyone could
 * then wrap any figure. The figure inside is released ({@link IndicatorFigure#released()}: no true
 * counts) and final.
 */
@DefaultCoder(ProtectedFigure.FigureCoder.class)
public final class ProtectedFigure implements Serializable {
  private static final long serialVersionUID = 1L;

  private final IndicatorFigure figure;

  /** Disclosure control's own door: {@code figure} is one {@link TrajectoryRelease} released. */
  ProtectedFigure(IndicatorFigure figure) {
    this.figure = Objects.requireNonNull(figure, "figure");
  }

  /** The released figure, to read (a new {@code ProtectedFigure} cannot be made from it). */
  public IndicatorFigure figure() {
    return figure;
  }

  /**
   * This figure with its funnel limits widened by φ ({@code AllowForOverdispersion}): the limits
   * and the flag change, no count or value does, so what disclosure control withheld stays
   * withheld.
   *
   * @throws IllegalStateException when the figure has no funnel
   */
  public ProtectedFigure withOverdispersion(double phi) {
    if (figure.funnel() == null) {
      throw new IllegalStateException("a figure without a funnel has no limits to widen");
    }
    return new ProtectedFigure(figure.withFunnel(figure.funnel().withOverdispersion(phi)));
  }

  /** The coder of protected figures: the figure's own record coding, nothing added. */
  /**
   * A count tied by no sum or bound to any other published figure (the run's rejected records by
   * reason): the small-cell rule alone protects it, and this checks that it was applied.
   *
   * @throws IllegalArgumentException if the count is shown and small
   */
  public static ProtectedFigure isolatedCount(IndicatorFigure figure, SmallCellRule rule) {
    Long n = figure.figure().n();
    if (n != null && rule.isSmall(n) || figure.counts() != null) {
      throw new IllegalArgumentException(
          "an isolated count must be released with its small values withheld: " + figure.cell());
    }
    return new ProtectedFigure(figure);
  }

  public static Coder<ProtectedFigure> coder() {
    return FigureCoder.INSTANCE;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProtectedFigure that && figure.equals(that.figure);
  }

  @Override
  public int hashCode() {
    return figure.hashCode();
  }

  /** The figure's own text, as a dead letter quotes it. */
  @Override
  public String toString() {
    return figure.toString();
  }

  /** The figure's record coding; Beam finds it through {@code @DefaultCoder}. */
  public static final class FigureCoder extends CustomCoder<ProtectedFigure> {
    private static final FigureCoder INSTANCE = new FigureCoder();
    private static final RecordCoder<IndicatorFigure> FIGURE =
        RecordCoder.of(IndicatorFigure.class);

    private FigureCoder() {}

    /** What {@code @DefaultCoder} asks for: this coder, for {@code ProtectedFigure} only. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ProtectedFigure.class), INSTANCE);
    }

    @Override
    public void encode(ProtectedFigure value, OutputStream out) throws IOException {
      FIGURE.encode(value.figure, out);
    }

    @Override
    public ProtectedFigure decode(InputStream in) throws IOException {
      return new ProtectedFigure(FIGURE.decode(in));
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      FIGURE.verifyDeterministic();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FigureCoder;
    }

    @Override
    public int hashCode() {
      return FigureCoder.class.hashCode();
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }
}
