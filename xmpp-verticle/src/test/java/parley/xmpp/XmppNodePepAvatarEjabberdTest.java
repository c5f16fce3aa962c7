package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodePepAvatarTest}, against ejabberd (mod_pubsub with PEP, mod_caps) instead of Prosody. */
class XmppNodePepAvatarEjabberdTest extends XmppNodePepAvatarTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().start();
  }
}
