package parley.xmpp;

import parley.xmpp.testing.EjabberdServer;
import parley.xmpp.testing.XmppTestServer;

/** Every test of {@link XmppNodeResumptionTest}, against ejabberd (mod_stream_mgmt) instead of Prosody. */
class XmppNodeResumptionEjabberdTest extends XmppNodeResumptionTest {

  /** ejabberd with stream management instead of Prosody. */
  @Override
  XmppTestServer newServer() {
    return new EjabberdServer().withStreamManagement();
  }
}
