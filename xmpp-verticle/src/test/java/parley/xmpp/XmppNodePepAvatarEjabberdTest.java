package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodePepAvatarTest}, against ejabberd (mod_pubsub with PEP, mod_caps) instead of Prosody. */
class XmppNodePepAvatarEjabberdTest extends XmppNodePepAvatarTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
