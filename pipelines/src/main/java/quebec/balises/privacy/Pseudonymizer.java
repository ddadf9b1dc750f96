package quebec.balises.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms (HMAC-SHA256): the same key and input always give the same pseudonym, so that
 * nightly runs link; without the key, a pseudonym cannot be reversed or recomputed from a guessed
 * identifier. Each kind of key is domain-separated so that a patient pseudonym never equals an
 * episode key. Not thread-safe: one per DoFn instance.
 */
public final class Pseudonymizer {
  private static final HexFormat HEX = HexFormat.of();
  private final Mac mac;

  public Pseudonymizer(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  public String patient(String pseudonymSource) {
    return hmac("patient\u0000" + pseudonymSource);
  }

  public String episode(String episodeId) {
    return hmac("episode\u0000EpisodeOfCare/" + episodeId);
  }

  public String response(String responseId) {
    return hmac("response\u0000QuestionnaireResponse/" + responseId);
  }

  private String hmac(String input) {
    return HEX.formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
  }
}
