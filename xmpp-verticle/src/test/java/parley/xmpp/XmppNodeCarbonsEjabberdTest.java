package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeCarbonsTest}, against ejabberd instead of Prosody. */
class XmppNodeCarbonsEjabberdTest extends XmppNodeCarbonsTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().start();
  }
}
