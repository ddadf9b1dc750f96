package quebec.balises.indicators;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The age bands that equity strata and the case-mix model use, one scheme for every trajectory so
 * that bands compare across them: youth bands split at 18 and 25 (Aire ouverte serves 12–25), adult
 * bands follow the ten-year bands of arthroplasty and COPD reporting (CIHI, NHS PROMs).
 */
public final class AgeBand {
  private AgeBand() {}

  /** Lower bounds, ascending; each band runs to the next bound minus one, the last is open. */
  private static final int[] LOWER = {0, 18, 25, 45, 55, 65, 75, 85};

  /** Every band, youngest first: {@code 0-17}, {@code 18-24} … {@code 85+}. */
  public static final List<String> BANDS = bands();

  /** The band of an age in whole years, or null when the age is unknown. */
  public static @Nullable String of(@Nullable Integer age) {
    if (age == null) {
      return null;
    }
    if (age < 0) {
      throw new IllegalArgumentException("age must not be negative, got " + age);
    }
    int i = LOWER.length - 1;
    while (age < LOWER[i]) {
      i--;
    }
    return BANDS.get(i);
  }

  private static List<String> bands() {
    String[] names = new String[LOWER.length];
    for (int i = 0; i < LOWER.length; i++) {
      names[i] = i + 1 < LOWER.length ? LOWER[i] + "-" + (LOWER[i + 1] - 1) : LOWER[i] + "+";
    }
    return List.of(names);
  }
}
