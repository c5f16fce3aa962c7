package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeBlockingTest}, against ejabberd instead of Prosody. */
class XmppNodeBlockingEjabberdTest extends XmppNodeBlockingTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
