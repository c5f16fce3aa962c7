package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeFailuresTest}, against ejabberd instead of Prosody. */
class XmppNodeFailuresEjabberdTest extends XmppNodeFailuresTest {

  @Override
  XmppTestServer newServer(boolean tls) {
    return new EjabberdServer(EjabberdServer.DEFAULT_DOMAIN, tls);
  }
}
