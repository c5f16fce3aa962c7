package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeFailuresTest}, against ejabberd instead of Prosody. */
class XmppNodeFailuresEjabberdTest extends XmppNodeFailuresTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    use(new EjabberdServer());
  }

  @Override
  XmppTestServer newServer(boolean tls) {
    return new EjabberdServer(EjabberdServer.DEFAULT_DOMAIN, tls);
  }
}
