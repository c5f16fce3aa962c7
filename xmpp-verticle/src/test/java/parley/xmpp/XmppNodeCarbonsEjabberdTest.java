package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeCarbonsTest}, against ejabberd instead of Prosody. */
class XmppNodeCarbonsEjabberdTest extends XmppNodeCarbonsTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
