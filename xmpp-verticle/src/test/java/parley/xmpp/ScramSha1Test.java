package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.sasl.core.SCRAMSHA1Mechanism;
import org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism;
import org.junit.jupiter.api.Test;

/** The node's SCRAM mechanisms take the place of Smack's (logins against Prosody use them in the other tests). */
class ScramSha1Test {
  @Test
  void replacesSmacksScramMechanisms() {
    ScramSha1.install();
    ScramSha1.install();
    Map<String, String> registered = SASLAuthentication.getRegisterdSASLMechanisms();
    assertTrue(registered.containsKey(ScramSha1.class.getName()), registered::toString);
    assertFalse(registered.containsKey(SCRAMSHA1Mechanism.class.getName()), registered::toString);
    assertFalse(registered.containsKey(ScramSha1PlusMechanism.class.getName()), registered::toString);
    assertTrue(SASLAuthentication.isSaslMechanismRegistered(SCRAMSHA1Mechanism.NAME));
    assertTrue(SASLAuthentication.isSaslMechanismRegistered(ScramSha1PlusMechanism.NAME));
  }
}
