package quebec.balises.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymKeySourceTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void readsTheKeyFromTheEnvironmentVariable() {
    byte[] key = PseudonymKeySource.of(null).read(Map.of("BALISES_PSEUDONYM_KEY", KEY));
    assertThat(new String(key, StandardCharsets.UTF_8), is(KEY));
  }

  @Test
  void theKeyFileWinsAndItsTrailingNewlineIsNotPartOfTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("key");
    Files.writeString(file, KEY + "\n");
    byte[] key =
        PseudonymKeySource.of(file.toString())
            .read(Map.of("BALISES_PSEUDONYM_KEY", "other-key-other-key-other-key-xx"));
    assertThat(new String(key, StandardCharsets.UTF_8), is(KEY));
  }

  @Test
  void noKeyIsAnErrorNamingBothWaysToGiveOne() {
    var e =
        assertThrows(
            PseudonymKeySource.MissingKeyException.class,
            () -> PseudonymKeySource.of(null).read(Map.of()));
    assertThat(e.getMessage(), containsString("BALISES_PSEUDONYM_KEY"));
    assertThat(e.getMessage(), containsString("--pseudonymKeyFile"));
  }

  @Test
  void aShortKeyIsRefusedWithoutEchoingIt() {
    var e =
        assertThrows(
            PseudonymKeySource.MissingKeyException.class,
            () -> PseudonymKeySource.of(null).read(Map.of("BALISES_PSEUDONYM_KEY", "tooshort")));
    assertThat(e.getMessage(), containsString("shorter than 32 bytes"));
    assertThat(e.getMessage(), not(containsString("tooshort")));
  }

  @Test
  void anUnreadableKeyFileNamesTheOption(@TempDir Path dir) {
    var e =
        assertThrows(
            PseudonymKeySource.MissingKeyException.class,
            () -> PseudonymKeySource.of(dir.resolve("absent").toString()).read(Map.of()));
    assertThat(e.getMessage(), containsString("--pseudonymKeyFile="));
  }
}
