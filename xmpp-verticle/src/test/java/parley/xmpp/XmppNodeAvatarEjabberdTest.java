package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeAvatarTest}, against ejabberd (mod_vcard) instead of Prosody. */
class XmppNodeAvatarEjabberdTest extends XmppNodeAvatarTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().start();
  }
}
