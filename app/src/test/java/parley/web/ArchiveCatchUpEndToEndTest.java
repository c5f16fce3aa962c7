package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.web.testing.BridgeUser;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * The catch-up from the IM server's archive, all-in-one against a real Prosody: what arrives while
 * the account is closed for idleness (and the user's phone took it) shows once when the user comes
 * back; a server without an archive makes the page say so.
 */
class ArchiveCatchUpEndToEndTest {

  private static JsonObject config() {
    JsonObject config = WebStack.config();
    config.getJsonObject("session").put("idleTimeoutSeconds", 1);
    return config;
  }

  private static List<String> texts(BridgeUser user, String accountId, String peer) throws InterruptedException {
    JsonArray messages = user.request(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", peer)).getJsonArray("messages");
    return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }

  @Test
  void messagesSentWhileTheAccountWasClosedShowOnceWhenItComesBack() throws Exception {
    ProsodyServer prosody = new ProsodyServer().withArchive().start();
    AllInOne.Running parley = AllInOne.start(config()).await();
    try {
      prosody.createUser("kim", "kim-im-pw");
      prosody.createUser("lou", "lou-pw");
      String jid = "kim@" + prosody.domain();
      String lou = "lou@" + prosody.domain();
      BridgeUser user = BridgeUser.signUp(parley.vertx(), parley.webPort(), "kim");
      try (SmackPeer peer = new SmackPeer("lou", "lou-pw", prosody.domain(), prosody.port())) {
        String accountId = user.addXmppAccount(jid, "kim-im-pw", prosody.port());
        peer.send(jid, "live");
        JsonObject live = user.waitEvent(BrowserEvent.MESSAGE, e -> "live".equals(e.getJsonObject("message").getString("text")), 15_000)
            .getJsonObject("message");
        assertTrue(live.getString("stanzaId") != null, "the server's stanza id is kept: " + live);

        // The last tab goes: after the idle time the account signs off, as a person would.
        user.close();
        Thread.sleep(4000);
        // Meanwhile the user's phone is online: it gets the messages, so they are not kept for
        // offline delivery; only the server's archive still has them for Parley.
        try (SmackPeer phone = new SmackPeer("kim", "kim-im-pw", prosody.domain(), prosody.port())) {
          for (int i = 1; i <= 3; i++) {
            peer.send(jid, "away " + i);
          }
          for (int i = 1; i <= 3; i++) {
            assertTrue(phone.next(15) != null, "the phone got message " + i);
          }
        }

        user = BridgeUser.open(parley.vertx(), user.http);
        user.request(new JsonObject().put("type", BrowserCommand.ATTACH));
        user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> "connected".equals(e.getString("state")), 30_000);
        long deadline = System.currentTimeMillis() + 15_000;
        while (texts(user, accountId, lou).size() < 4 && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        // Time for a second copy to arrive, if one were coming.
        Thread.sleep(2000);
        assertEquals(List.of("away 1", "away 2", "away 3", "live"), texts(user, accountId, lou).stream().sorted().toList(),
            "each once: " + texts(user, accountId, lou));
      } finally {
        user.close();
      }
    } finally {
      parley.close().await();
      prosody.stop();
    }
  }

  @Test
  void aMessageThePhoneSentWhileParleyWasConnectedIsInHistoryOnceAfterTheCatchUp() throws Exception {
    ProsodyServer prosody = new ProsodyServer().withArchive().start();
    AllInOne.Running parley = AllInOne.start(config()).await();
    try {
      prosody.createUser("nia", "nia-im-pw");
      prosody.createUser("oz", "oz-pw");
      String jid = "nia@" + prosody.domain();
      String oz = "oz@" + prosody.domain();
      BridgeUser user = BridgeUser.signUp(parley.vertx(), parley.webPort(), "nia");
      try (SmackPeer peer = new SmackPeer("oz", "oz-pw", prosody.domain(), prosody.port())) {
        String accountId = user.addXmppAccount(jid, "nia-im-pw", prosody.port());
        // The person's phone sends while Parley is connected: Parley gets the carbon (XEP-0280).
        try (SmackPeer phone = new SmackPeer("nia", "nia-im-pw", prosody.domain(), prosody.port())) {
          phone.send(oz, "from my phone");
          JsonObject own = user.waitEvent(BrowserEvent.MESSAGE,
              e -> "from my phone".equals(e.getJsonObject("message").getString("text")), 15_000).getJsonObject("message");
          assertEquals("out", own.getString("direction"), "shown as the person's own: " + own);
          assertTrue(peer.next(15) != null, "the peer got it");
        }

        // The account signs off for idleness; when it comes back, its catch-up finds the same
        // message in the server's archive (sent by the account): it must not be stored again.
        user.close();
        Thread.sleep(4000);
        user = BridgeUser.open(parley.vertx(), user.http);
        user.request(new JsonObject().put("type", BrowserCommand.ATTACH));
        user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> "connected".equals(e.getString("state")), 30_000);
        peer.send(jid, "after");
        long deadline = System.currentTimeMillis() + 15_000;
        while (!texts(user, accountId, oz).contains("after") && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        // Time for a second copy to arrive, if one were coming.
        Thread.sleep(2000);
        assertEquals(List.of("after", "from my phone"), texts(user, accountId, oz).stream().sorted().toList(),
            "each once: " + texts(user, accountId, oz));
      } finally {
        user.close();
      }
    } finally {
      parley.close().await();
      prosody.stop();
    }
  }

  @Test
  void aServerWithoutArchiveMakesThePageSaySoMessagesMayHaveBeenMissed() throws Exception {
    ProsodyServer prosody = new ProsodyServer().start();
    AllInOne.Running parley = AllInOne.start(config()).await();
    try (BridgeUser user = BridgeUser.signUp(parley.vertx(), parley.webPort(), "max")) {
      prosody.createUser("max", "max-im-pw");
      String accountId = user.addXmppAccount("max@" + prosody.domain(), "max-im-pw", prosody.port());
      JsonObject gap = user.waitEvent(BrowserEvent.ARCHIVE_GAP, e -> accountId.equals(e.getString("accountId")), 15_000);
      assertEquals("no-archive", gap.getString("reason"));
      assertEquals("The server of max@" + prosody.domain() + " keeps no message archive, so messages sent to you while "
          + "Parley was away may have been missed.", gap.getString("text"));
    } finally {
      parley.close().await();
      prosody.stop();
    }
  }
}
