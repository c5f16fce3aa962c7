package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeHardeningTest}, against ejabberd instead of Prosody. */
class XmppNodeHardeningEjabberdTest extends XmppNodeHardeningTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    prosody = new EjabberdServer().start();
  }
}
