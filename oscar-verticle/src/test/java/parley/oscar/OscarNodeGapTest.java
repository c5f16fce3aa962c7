package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.NodeEvent;
import parley.contract.Shards;

/**
 * Issue 11 item 2 on OSCAR: events dropped while the user's session shard had no owner cannot be
 * asked of the server again (it delivered them; its offline store keeps only what came while the
 * account was signed off), so once the shard has an owner the node sends the account's state and
 * buddy list again and {@code archive-synced} with {@code available: false}: the page says that
 * messages may have been missed.
 */
class OscarNodeGapTest extends AgainstTestServer {

  @BeforeEach
  @Override
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig().put("shardBufferPerShard", 2));
  }

  @Test
  void droppedEventsAreSaidToBeMaybeMissedOnceTheShardHasAnOwner() throws Exception {
    String alice = newUser("Alice");
    String bob = onlinePeer("Bob");
    String account = signOn(alice);
    int shard = Shards.of("user-" + account, Shards.DEFAULT_COUNT);
    node.leaveShard(shard);
    for (int i = 1; i <= 6; i++) {
      server.peerSends(bob, jid(alice), "while away " + i, 0);
    }
    // Two held, the other four dropped: only then are all six at the node (a fixed wait was too short on a loaded machine).
    node.awaitDropped(4);
    assertEquals(List.of(), node.eventsOf(account, NodeEvent.ARCHIVE_SYNCED));
    node.ownShardAgain(shard);

    JsonObject synced = node.awaitEvent(account, NodeEvent.ARCHIVE_SYNCED, e -> true);
    assertFalse(synced.getBoolean("available"), synced::encode);
    List<String> got = node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).stream().map(e -> e.getString("text")).toList();
    assertEquals(List.of("while away 1", "while away 2"), got, "the two held went, in order");
    // Before it, the account's state again (a resync), so the page's view is whole.
    node.awaitEvent(account, NodeEvent.CONNECTION_STATE, e -> "connected".equals(e.getString("state")));
  }
}
