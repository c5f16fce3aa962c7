package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeRoomsTest}, against ejabberd's mod_muc instead of Prosody's. */
class XmppNodeRoomsEjabberdTest extends XmppNodeRoomsTest {

  /** Hides the superclass's, so JUnit starts ejabberd (with the archive, which its rooms' stanza ids need). */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().withArchive().start();
  }

  @Override
  boolean bookmarksOnPep() {
    return false;
  }
}
