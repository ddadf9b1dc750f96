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

  // The last input and pseudonym of each kind. Rows of one response or one episode reach a sink
  // one after the other (a response has several score rows, an episode several paired rows), so
  // remembering one value per kind saves most HMACs of the large datasets.
  private final Last patients = new Last();
  private final Last episodes = new Last();
  private final Last responses = new Last();

  public String patient(String pseudonymSource) {
    return patients.get(pseudonymSource, "patient\u0000", this);
  }

  public String episode(String episodeId) {
    return episodes.get(episodeId, "episode\u0000EpisodeOfCare/", this);
  }

  public String response(String responseId) {
    return responses.get(responseId, "response\u0000QuestionnaireResponse/", this);
  }

  private static final class Last {
    private String input;
    private String pseudonym;

    String get(String value, String domain, Pseudonymizer owner) {
      if (!value.equals(input)) {
        pseudonym = owner.hmac(domain + value);
        input = value;
      }
      return pseudonym;
    }
  }

  private String hmac(String input) {
    return HEX.formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
  }
}
