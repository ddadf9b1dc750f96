package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RestrictedRowsTest {
  private static String cut(String text, int max) {
    return RestrictedRows.truncate(text, text.getBytes(StandardCharsets.UTF_8), max);
  }

  @Test
  void keepsShortRecordsWhole() {
    assertThat(cut("{\"a\":1}", 100), is("{\"a\":1}"));
  }

  @Test
  void truncatesToTheByteLimit() {
    assertThat(cut("abcdef", 4), is("abcd"));
  }

  @Test
  void neverCutsACharacterInHalf() {
    // "é" is two bytes in UTF-8: a limit that falls inside it keeps the text before it.
    assertThat(cut("aé", 2), is("a"));
    assertThat(cut("aéb", 3), is("aé"));
  }
}
