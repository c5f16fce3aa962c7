package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeVerticleTest}, against ejabberd instead of Prosody. */
class XmppNodeVerticleEjabberdTest extends XmppNodeVerticleTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    prosody = new EjabberdServer().start();
  }
}
