package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppClientTest}, against ejabberd instead of Prosody. */
class XmppClientEjabberdTest extends XmppClientTest {

  @Override
  XmppTestServer newServer(boolean tls) {
    return tls ? EjabberdServer.withTls() : new EjabberdServer();
  }
}
