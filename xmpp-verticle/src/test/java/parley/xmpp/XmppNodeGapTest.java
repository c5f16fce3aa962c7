package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.NodeEvent;
import parley.contract.Shards;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Issue 11 item 2 against a real Prosody with mod_mam: while the user's session shard has no owner
 * the node holds at most {@code xmpp.shardBufferPerShard} events for it and drops the rest; once an
 * owner took what was held, the node asks the server's archive again, so every message arrives.
 */
@ExtendWith(VertxExtension.class)
class XmppNodeGapTest {
  private static final String PASSWORD = "correct horse";
  static XmppTestServer server;

  @BeforeAll
  static void startServer() {
    server = new ProsodyServer().withArchive().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void messagesDroppedWhileTheShardHadNoOwnerAreFetchedFromTheArchiveOnceItHasOne(Vertx vertx) throws Exception {
    NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig().put("shardBufferPerShard", 2));
    server.createUser("gapalice", PASSWORD);
    server.createUser("gapbob", PASSWORD);
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, "gapalice", PASSWORD);
    node.awaitEvent(account, NodeEvent.ARCHIVE_SYNCED, e -> true);
    int shard = Shards.of("user-" + account, Shards.DEFAULT_COUNT);
    try (Peer bob = Peer.login(server, "gapbob", PASSWORD)) {
      bob.sendMessage(server.jid("gapalice"), "before");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "before".equals(e.getString("text")));

      node.leaveShard(shard);
      List<String> sent = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        sent.add("while away " + i);
        bob.sendMessage(server.jid("gapalice"), "while away " + i);
      }
      // Two held, the other six dropped: only then are all eight at the node (a fixed wait was too short on a loaded machine).
      node.awaitDropped(6);
      node.ownShardAgain(shard);

      long deadline = System.currentTimeMillis() + 20_000;
      Set<String> got = new LinkedHashSet<>();
      while (System.currentTimeMillis() < deadline && !got.containsAll(sent)) {
        node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).forEach(e -> got.add(e.getString("text")));
        Thread.sleep(100);
      }
      assertTrue(got.containsAll(sent), "every message arrived, from the buffer or the archive: " + got);
      // What came twice (held and fetched again) carries one stanza id, which the session stores once.
      List<JsonObject> events = node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED);
      for (String text : sent) {
        assertEquals(1, events.stream().filter(e -> text.equals(e.getString("text"))).map(e -> e.getString("stanzaId"))
            .distinct().count(), text);
      }
    }
  }
}
