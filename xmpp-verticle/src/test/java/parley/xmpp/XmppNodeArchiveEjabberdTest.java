package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeArchiveTest}, against ejabberd with mod_mam instead of Prosody. */
class XmppNodeArchiveEjabberdTest extends XmppNodeArchiveTest {

  /** ejabberd with its archive (mod_mam) instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer().withArchive();
  }
}
