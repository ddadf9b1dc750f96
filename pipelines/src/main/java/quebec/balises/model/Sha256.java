package quebec.balises.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a text, as lower-case hex: how the manifest identifies the exact catalog files
 * (Measures, instrument mappings) a run loaded.
 */
public final class Sha256 {
  private Sha256() {}

  /** The SHA-256 of the text's UTF-8 bytes. */
  public static String of(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest).
      throw new IllegalStateException(e);
    }
  }
}
