package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeResumptionTest}, against ejabberd (mod_stream_mgmt) instead of Prosody. */
class XmppNodeResumptionEjabberdTest extends XmppNodeResumptionTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().withStreamManagement().start();
  }
}
