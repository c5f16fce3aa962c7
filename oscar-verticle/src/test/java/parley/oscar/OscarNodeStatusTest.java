package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.NodeCommand;
import parley.contract.NodeStatus;

/** The node's published status follows its accounts: held by state, failures by reason, version, uptime. */
class OscarNodeStatusTest extends AgainstTestServer {
  private final List<JsonObject> published = new ArrayList<>();

  private void listen() {
    node.vertx.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, m -> {
      synchronized (published) {
        published.add(m.body());
        published.notifyAll();
      }
    }).completion().await();
  }

  /** The first status of this node published from now on that matches. */
  private JsonObject awaitStatus(String what, Predicate<JsonObject> match) throws InterruptedException {
    synchronized (published) {
      published.clear();
    }
    return awaitPublished(what, match);
  }

  /** The first message of this node published since {@link #awaitStatus} last began that matches. */
  private JsonObject awaitPublished(String what, Predicate<JsonObject> match) throws InterruptedException {
    long end = System.currentTimeMillis() + NodeStatus.INTERVAL_MS * NodeStatus.MISSED_INTERVALS;
    synchronized (published) {
      while (System.currentTimeMillis() < end) {
        for (JsonObject s : published) {
          if (node.nodeId.equals(s.getString("nodeId")) && match.test(s)) {
            return s;
          }
        }
        published.wait(Math.max(1, end - System.currentTimeMillis()));
      }
      fail("no status with " + what + " in " + published);
      return null;
    }
  }

  private static int sessions(JsonObject status, String state) {
    return status.getJsonObject("sessions").getInteger(state, -1);
  }

  private static long failures(JsonObject status, String code) {
    return status.getJsonObject("failures").getLong(code, 0L);
  }

  @Test
  void statusCountsMoveAsAccountsConnectFailAndGo() throws Exception {
    listen();
    JsonObject first = awaitStatus("nothing held", s -> s.getInteger("held") == 0);
    assertEquals(NodeStatus.NODE_STATUS, first.getString("type"));
    assertEquals(OscarNetwork.ID, first.getString("network"));
    assertTrue(first.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), first.getString("version"));
    assertTrue(first.getLong("startedAt") <= System.currentTimeMillis(), first.encode());
    assertEquals(0, sessions(first, "connected"));
    assertEquals(0, sessions(first, "connecting"));
    assertEquals(0, sessions(first, "reconnecting"));
    assertEquals(new JsonObject(), first.getJsonObject("failures"));

    String alice = newUser("Alice");
    String aliceAccount = signOn(alice);
    String bob = newUser("Bob");
    signOn(bob);
    JsonObject two = awaitStatus("two connected", s -> sessions(s, "connected") == 2);
    assertEquals(2, two.getInteger("held"));

    // A wrong password fails and is let go: one failure, nothing more held.
    String carol = newUser("Carol");
    String carolAccount = NodeHarness.newAccountId();
    node.connect(node.connectCommand(carolAccount, server, jid(carol), "not-her-password"));
    node.awaitState(carolAccount, "failed");
    JsonObject refused = awaitStatus("an auth failure", s -> failures(s, "IM_AUTH_FAILED") == 1);
    assertEquals(2, refused.getInteger("held"));
    assertEquals(2, sessions(refused, "connected"));

    // A dropped connection is a failure too, and the account comes back.
    server.dropConnection(alice);
    node.awaitState(aliceAccount, "reconnecting");
    node.awaitState(aliceAccount, "connected");
    JsonObject back = awaitStatus("a lost connection", s -> failures(s, "IM_CONNECTION_LOST") == 1);
    assertEquals(2, sessions(back, "connected"));
    assertEquals(1, failures(back, "IM_AUTH_FAILED"));

    node.command(NodeCommand.DISCONNECT, aliceAccount, new JsonObject());
    JsonObject one = awaitStatus("one held", s -> s.getInteger("held") == 1);
    assertEquals(1, sessions(one, "connected"));
    assertTrue(one.getLong("uptimeSeconds") >= NodeStatus.INTERVAL_MS / 1000, "uptime grows: " + one.encode());
    assertEquals(first.getLong("startedAt"), one.getLong("startedAt"));
  }

  @Test
  void aStoppingNodeSaysSo() throws Exception {
    listen();
    awaitStatus("a first status", s -> true);
    node.vertx.undeploy(node.vertx.deploymentIDs().iterator().next()).await();
    awaitPublished("node-stopped", s -> NodeStatus.NODE_STOPPED.equals(s.getString("type")));
  }
}
