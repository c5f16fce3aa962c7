package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeHardeningTest}, against ejabberd instead of Prosody. */
class XmppNodeHardeningEjabberdTest extends XmppNodeHardeningTest {

  /** ejabberd instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer();
  }
}
