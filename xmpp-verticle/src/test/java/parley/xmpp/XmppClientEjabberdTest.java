package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppClientTest}, against ejabberd instead of Prosody. */
class XmppClientEjabberdTest extends XmppClientTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    use(tls -> tls ? EjabberdServer.withTls() : new EjabberdServer());
  }
}
