package parley.xmpp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import parley.xmpp.testing.EjabberdServer;

/** Every test of {@link XmppNodeArchiveTest}, against ejabberd with mod_mam instead of Prosody. */
class XmppNodeArchiveEjabberdTest extends XmppNodeArchiveTest {

  /** Hides the superclass's, so JUnit starts ejabberd instead of Prosody. */
  @BeforeAll
  static void startServer() {
    server = new EjabberdServer().withArchive().start();
  }

  /** The phone is a Smack client, and Smack's reader fails on what ejabberd's mod_mam sends it. */
  @Override
  @Test
  @Disabled("Smack (the test's phone) cannot read ejabberd's mod_mam stanzas; the other tests cover ejabberd")
  void firstConnectFetchesTheRecentPageWithWhatThePhoneSent() {
  }
}
