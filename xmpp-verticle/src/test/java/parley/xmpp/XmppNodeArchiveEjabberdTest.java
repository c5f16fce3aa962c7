package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeArchiveTest}, against ejabberd with mod_mam instead of Prosody. */
class XmppNodeArchiveEjabberdTest extends XmppNodeArchiveTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().withArchive().start();
  }
}
