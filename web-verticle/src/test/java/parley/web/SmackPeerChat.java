package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.jivesoftware.smack.packet.Message;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.web.testing.BridgeUser;
import parley.web.testing.SmackPeer;
import parley.xmpp.testing.ProsodyServer;

/** The conversation the all-in-one and cluster tests both carry: a Parley user and a plain Smack client. */
final class SmackPeerChat {
  private SmackPeerChat() {}

  static void run(Vertx vertx, int webPort, ProsodyServer prosody, String name) throws Exception {
    prosody.createUser(name, name + "-im-pw");
    prosody.createUser(name + "-peer", "peer-pw");
    String jid = name + "@" + prosody.domain();
    String peerJid = name + "-peer@" + prosody.domain();
    try (BridgeUser user = BridgeUser.signUp(vertx, webPort, name);
         SmackPeer peer = new SmackPeer(name + "-peer", "peer-pw", prosody.domain(), prosody.port())) {
      String accountId = user.addXmppAccount(jid, name + "-im-pw", prosody.port());

      JsonObject sent = user.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
          .put("accountId", accountId).put("to", peerJid).put("text", "hello from Parley"));
      assertEquals("out", sent.getJsonObject("message").getString("direction"));
      Message atPeer = peer.next(15);
      assertNotNull(atPeer, "the Smack client received nothing");
      assertEquals("hello from Parley", atPeer.getBody());

      peer.send(jid, "hello from plain Smack");
      JsonObject in = user.waitEvent(BrowserEvent.MESSAGE, e -> "in".equals(e.getJsonObject("message").getString("direction")), 15_000);
      assertEquals("hello from plain Smack", in.getJsonObject("message").getString("text"));
      assertEquals(peerJid, in.getJsonObject("message").getString("peer"));

      JsonObject history = user.request(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
          .put("accountId", accountId).put("peer", peerJid));
      assertEquals(2, history.getJsonArray("messages").size());
    }
  }
}
