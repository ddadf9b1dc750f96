package quebec.balises.privacy;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the pseudonymisation key is found: a file named by {@code --pseudonymKeyFile}, else the
 * environment variable {@value #ENVIRONMENT_VARIABLE}. Only this description travels with the
 * pipeline; the key itself is read where it is used, so that it is never serialised into a job
 * graph, an option dump or a log. On a cluster, every worker needs the file or the variable.
 */
public final class PseudonymKeySource implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String ENVIRONMENT_VARIABLE = "BALISES_PSEUDONYM_KEY";

  /** 32 bytes: the output size of HMAC-SHA256; a shorter key weakens it (RFC 2104 §3). */
  public static final int MINIMUM_KEY_BYTES = 32;

  private final @Nullable String keyFile;

  private PseudonymKeySource(@Nullable String keyFile) {
    this.keyFile = keyFile;
  }

  public static PseudonymKeySource of(@Nullable String keyFile) {
    return new PseudonymKeySource(keyFile == null || keyFile.isBlank() ? null : keyFile);
  }

  /**
   * Reads the key.
   *
   * @throws MissingKeyException with a one-line reason naming the option and the variable
   */
  public byte[] read() {
    return read(System.getenv());
  }

  byte[] read(Map<String, String> environment) {
    byte[] key;
    String origin;
    if (keyFile != null) {
      origin = "--pseudonymKeyFile=" + keyFile;
      try {
        key = stripTrailingNewlines(Files.readAllBytes(Path.of(keyFile)));
      } catch (IOException e) {
        throw new MissingKeyException("cannot read the pseudonymisation key file " + origin);
      }
    } else {
      String value = environment.get(ENVIRONMENT_VARIABLE);
      if (value == null || value.isEmpty()) {
        throw new MissingKeyException(
            "no pseudonymisation key: set the environment variable "
                + ENVIRONMENT_VARIABLE
                + " or pass --pseudonymKeyFile=FILE (there is no default key)");
      }
      origin = "the environment variable " + ENVIRONMENT_VARIABLE;
      key = value.getBytes(StandardCharsets.UTF_8);
    }
    if (key.length < MINIMUM_KEY_BYTES) {
      throw new MissingKeyException(
          "the pseudonymisation key from "
              + origin
              + " is shorter than "
              + MINIMUM_KEY_BYTES
              + " bytes (for example: head -c 32 /dev/urandom | base64)");
    }
    return key;
  }

  private static byte[] stripTrailingNewlines(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }

  /** The key cannot be had; the message is the one line a user needs. */
  public static final class MissingKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingKeyException(String message) {
      super(message);
    }
  }
}
