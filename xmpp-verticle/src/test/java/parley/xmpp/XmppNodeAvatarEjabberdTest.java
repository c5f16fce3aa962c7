package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeAvatarTest}, against ejabberd (mod_vcard) instead of Prosody. */
class XmppNodeAvatarEjabberdTest extends XmppNodeAvatarTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
