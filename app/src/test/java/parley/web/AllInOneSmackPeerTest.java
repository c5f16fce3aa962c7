package parley.web;

import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/** A Parley user (through the bridge, as the page) chats with a plain Smack client, all-in-one. */
class AllInOneSmackPeerTest {
  @Test
  void chatsWithAPlainSmackClient() throws Exception {
    ProsodyServer prosody = new ProsodyServer();
    prosody.start();
    AllInOne.Running parley = AllInOne.start(WebStack.config()).await();
    try {
      SmackPeerChat.run(parley.vertx(), parley.webPort(), prosody, "judy");
    } finally {
      parley.close().await();
      prosody.stop();
    }
  }
}
