package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.NodeCommand;
import parley.contract.NodeStatus;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodeStopped;

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
  private NodeStatusReport awaitStatus(String what, Predicate<NodeStatusReport> match) throws InterruptedException {
    synchronized (published) {
      published.clear();
    }
    Predicate<NodeStatusReport> oursMatching = s -> ours(s.nodeId()) && match.test(s);
    return NodeStatusReport.fromJson(awaitPublished(what, m -> NodeStatus.NODE_STATUS.equals(m.getString("type"))
        && oursMatching.test(NodeStatusReport.fromJson(m))));
  }

  private boolean ours(String nodeId) {
    return node.nodeId.equals(nodeId);
  }

  /** The first message published since {@link #awaitStatus} last began that matches (the match names this node). */
  private JsonObject awaitPublished(String what, Predicate<JsonObject> match) throws InterruptedException {
    long end = System.currentTimeMillis() + NodeStatus.INTERVAL_MS * NodeStatus.MISSED_INTERVALS;
    synchronized (published) {
      while (System.currentTimeMillis() < end) {
        for (JsonObject s : published) {
          if (match.test(s)) {
            return s;
          }
        }
        published.wait(Math.max(1, end - System.currentTimeMillis()));
      }
      fail("no status with " + what + " in " + published);
      return null;
    }
  }

  private static long sessions(NodeStatusReport status, String state) {
    return status.sessions().getOrDefault(state, -1L);
  }

  private static long failures(NodeStatusReport status, String code) {
    return status.failures().getOrDefault(code, 0L);
  }

  @Test
  void statusCountsMoveAsAccountsConnectFailAndGo() throws Exception {
    listen();
    NodeStatusReport first = awaitStatus("nothing held", s -> s.held() == 0);
    assertEquals(OscarNetwork.ID, first.network());
    assertTrue(first.version().matches("\\d+\\.\\d+\\.\\d+.*"), first.version());
    assertTrue(first.startedAt() <= System.currentTimeMillis(), first.toString());
    assertEquals(0, sessions(first, "connected"));
    assertEquals(0, sessions(first, "connecting"));
    assertEquals(0, sessions(first, "reconnecting"));
    assertEquals(Map.of(), first.failures());

    String alice = newUser("Alice");
    String aliceAccount = signOn(alice);
    String bob = newUser("Bob");
    signOn(bob);
    NodeStatusReport two = awaitStatus("two connected", s -> sessions(s, "connected") == 2);
    assertEquals(2, two.held());

    // A wrong password fails and is let go: one failure, nothing more held.
    String carol = newUser("Carol");
    String carolAccount = NodeHarness.newAccountId();
    node.connect(node.connectCommand(carolAccount, server, jid(carol), "not-her-password"));
    node.awaitState(carolAccount, "failed");
    NodeStatusReport refused = awaitStatus("an auth failure", s -> failures(s, "IM_AUTH_FAILED") == 1);
    assertEquals(2, refused.held());
    assertEquals(2, sessions(refused, "connected"));

    // A dropped connection is a failure too, and the account comes back.
    server.dropConnection(alice);
    node.awaitState(aliceAccount, "reconnecting");
    node.awaitState(aliceAccount, "connected");
    NodeStatusReport back = awaitStatus("a lost connection", s -> failures(s, "IM_CONNECTION_LOST") == 1);
    assertEquals(2, sessions(back, "connected"));
    assertEquals(1, failures(back, "IM_AUTH_FAILED"));

    node.command(NodeCommand.DISCONNECT, aliceAccount, new JsonObject());
    NodeStatusReport one = awaitStatus("one held", s -> s.held() == 1);
    assertEquals(1, sessions(one, "connected"));
    assertTrue(one.uptimeSeconds() >= NodeStatus.INTERVAL_MS / 1000, "uptime grows: " + one);
    assertEquals(first.startedAt(), one.startedAt());
  }

  @Test
  void aStoppingNodeSaysSo() throws Exception {
    listen();
    awaitStatus("a first status", s -> true);
    node.vertx.undeploy(node.vertx.deploymentIDs().iterator().next()).await();
    awaitPublished("node-stopped", s -> NodeStatus.NODE_STOPPED.equals(s.getString("type")) && ours(NodeStopped.fromJson(s).nodeId()));
  }
}
