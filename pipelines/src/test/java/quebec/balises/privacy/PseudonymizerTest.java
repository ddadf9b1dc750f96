package quebec.balises.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void isHmacSha256OfTheDomainAndInput() {
    // Computed independently with Python:
    // hmac.new(KEY, b'patient\x00nam|ABCD12345678', hashlib.sha256).hexdigest()
    assertThat(
        new Pseudonymizer(KEY).patient("nam|ABCD12345678"),
        is("7c2e2c2f40f7e3e1153dd2c23691c9b2f4eb2f56ee942af65113fa18f79928ab"));
  }

  @Test
  void theSameKeyGivesTheSamePseudonymAcrossInstances() {
    assertThat(
        new Pseudonymizer(KEY).patient("nam|X"),
        is(new Pseudonymizer(KEY.clone()).patient("nam|X")));
  }

  @Test
  void anotherKeyGivesAnotherPseudonym() {
    byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    assertThat(
        new Pseudonymizer(KEY).patient("nam|X"),
        is(not(new Pseudonymizer(other).patient("nam|X"))));
  }

  @Test
  void kindsAreSeparated() {
    Pseudonymizer p = new Pseudonymizer(KEY);
    assertThat(p.episode("42"), is(not(p.response("42"))));
    assertThat(p.patient("EpisodeOfCare/42"), is(not(p.episode("42"))));
  }

  @Test
  void rememberingTheLastValueNeverMixesInputsOrKinds() {
    Pseudonymizer reused = new Pseudonymizer(KEY);
    for (String id : new String[] {"a", "a", "b", "a", "b", "b"}) {
      Pseudonymizer fresh = new Pseudonymizer(KEY);
      assertThat(reused.patient(id), is(fresh.patient(id)));
      assertThat(reused.episode(id), is(fresh.episode(id)));
      assertThat(reused.response(id), is(fresh.response(id)));
    }
    assertThat(reused.episode("a"), is(not(reused.response("a"))));
  }
}
