package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.nodekit.testing.NodeProbe;

/**
 * {@code resync} against the OSCAR test server: a session process that takes over a user's shard
 * asks the node again, and gets the connection state, the buddy list and the buddies online as before.
 */
class OscarNodeResyncTest extends AgainstTestServer {

  @Test
  void resyncSendsTheStateTheBuddyListAndThePresencesAgain() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    String carol = newUser("Carol");
    server.storeBuddy(alice, "Buddies", bob);
    server.storeBuddy(alice, "Buddies", carol);
    String account = NodeHarness.newAccountId();
    JsonObject roster = node.connectAndAwaitRoster(account, server, jid(alice), PASSWORD);
    server.awaitOnline(alice);
    server.peerOnline(bob, "Out to lunch", 0);
    JsonObject away = node.awaitEvent(account, NodeEvent.PRESENCE, e -> "Out to lunch".equals(e.getString("status")));
    server.peerOnline(carol, "", 0);
    node.awaitEvent(account, NodeEvent.PRESENCE, e -> e.getString("jid").equals(jid(carol)));
    server.peerOffline(carol);
    node.awaitEvent(account, NodeEvent.PRESENCE, e -> e.getString("jid").equals(jid(carol)) && !e.getBoolean("available"));
    List<String> before = node.eventsOf(account, NodeEvent.PRESENCE).stream().map(e -> e.getString("eventId")).toList();

    assertEquals(new JsonObject(), node.command(NodeCommand.RESYNC, account, new JsonObject()));

    assertEquals("connected", node.awaitEvent(account, NodeEvent.CONNECTION_STATE, e -> true).getString("state"));
    assertEquals(roster.getJsonArray("contacts"), node.awaitEvent(account, NodeEvent.ROSTER, e -> true).getJsonArray("contacts"));
    JsonObject again = node.awaitEvent(account, NodeEvent.PRESENCE, e -> !before.contains(e.getString("eventId")));
    assertEquals(withoutIds(away), withoutIds(again));
    sleep(300); // nothing more comes
    // Carol went offline: only the buddies online now are sent (a new owner takes the others as offline).
    assertEquals(before.size() + 1, node.eventsOf(account, NodeEvent.PRESENCE).size());
  }

  @Test
  void resyncOfAnAccountTheNodeDoesNotHoldIsRefused() {
    NodeProbe.assertFailure(node.failure(parley.contract.Addresses.node(node.nodeId),
        new JsonObject().put("type", NodeCommand.RESYNC).put("accountId", NodeHarness.newAccountId())),
        FailureCode.NOT_CONNECTED);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonObject withoutIds(JsonObject event) {
    JsonObject copy = event.copy();
    copy.remove("eventId");
    return copy;
  }
}
