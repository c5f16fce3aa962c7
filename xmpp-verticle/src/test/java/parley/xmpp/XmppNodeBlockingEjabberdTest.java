package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeBlockingTest}, against ejabberd instead of Prosody. */
class XmppNodeBlockingEjabberdTest extends XmppNodeBlockingTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().start();
  }
}
