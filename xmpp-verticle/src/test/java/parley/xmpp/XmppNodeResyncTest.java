package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * {@code resync} against a real Prosody: a session process that takes over a user's shard asks the
 * node again for what it holds, and gets the connection state, roster and presences as before.
 */
@ExtendWith(VertxExtension.class)
class XmppNodeResyncTest {
  private static final String PASSWORD = "correct horse";
  static XmppTestServer prosody;

  private NodeHarness node;

  @BeforeAll
  static void startServer() {
    prosody = new ProsodyServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (prosody != null) {
      prosody.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  @Test
  void resyncSendsTheStateTheRosterAndThePresencesAgain() throws Exception {
    prosody.createUser("resync-alice", PASSWORD);
    prosody.createUser("resync-bob", PASSWORD);
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, "resync-alice", PASSWORD);
    try (Peer peer = Peer.login(prosody, "resync-bob", PASSWORD)) {
      node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", peer.jid).put("name", "Bob"));
      peer.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, prosody.jid("resync-alice")));
      peer.sendPresence(Presence.Type.subscribed, prosody.jid("resync-alice"));
      node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> e.getJsonObject("contact").getString("subscription").equals("to"));
      peer.setPresence(Presence.Mode.away, "lunch");
      JsonObject presence = node.awaitEvent(account, NodeEvent.PRESENCE,
          e -> e.getString("jid").equals(peer.jid) && "away".equals(e.getString("show")));
      List<JsonObject> updates = node.eventsOf(account, NodeEvent.CONTACT_UPDATED);
      JsonObject contact = updates.get(updates.size() - 1).getJsonObject("contact");
      List<String> before = node.eventsOf(account, NodeEvent.PRESENCE).stream().map(e -> e.getString("eventId")).toList();
      int states = node.eventsOf(account, NodeEvent.CONNECTION_STATE).size();

      assertEquals(new JsonObject(), node.command(NodeCommand.RESYNC, account, new JsonObject()));

      assertEquals("connected", node.awaitEvent(account, NodeEvent.CONNECTION_STATE, e -> true).getString("state"));
      assertEquals(states + 1, node.eventsOf(account, NodeEvent.CONNECTION_STATE).size());
      JsonObject roster = node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
      assertEquals(new JsonArray().add(contact), roster.getJsonArray("contacts"));
      JsonObject presenceAgain = node.awaitEvent(account, NodeEvent.PRESENCE, e -> !before.contains(e.getString("eventId")));
      assertEquals(strip(presence), strip(presenceAgain));
      assertEquals("lunch", presenceAgain.getString("status"));
    }
  }

  @Test
  void resyncOfAnAccountTheNodeDoesNotHoldIsRefused() {
    NodeProbe.assertFailure(node.failure(parley.contract.Addresses.node(node.nodeId),
        new JsonObject().put("type", NodeCommand.RESYNC).put("accountId", NodeHarness.newAccountId())),
        FailureCode.NOT_CONNECTED);
  }

  /** The event without what differs per sending. */
  private static JsonObject strip(JsonObject event) {
    JsonObject copy = event.copy();
    List.of("eventId").forEach(copy::remove);
    return copy;
  }
}
