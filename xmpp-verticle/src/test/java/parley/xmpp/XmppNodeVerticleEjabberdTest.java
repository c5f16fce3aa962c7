package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeVerticleTest}, against ejabberd instead of Prosody. */
class XmppNodeVerticleEjabberdTest extends XmppNodeVerticleTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
