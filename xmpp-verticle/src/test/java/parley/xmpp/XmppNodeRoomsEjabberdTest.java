package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeRoomsTest}, against ejabberd's mod_muc instead of Prosody's. */
class XmppNodeRoomsEjabberdTest extends XmppNodeRoomsTest {

  /** ejabberd instead of Prosody, with the archive, which its rooms' stanza ids need. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer().withArchive();
  }

  @Override
  boolean bookmarksOnPep() {
    return false;
  }
}
