package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.NodeStatus;
import parley.contract.nodes.NodeDrainStarted;
import parley.contract.nodes.NodeStatusReport;
import parley.nodekit.testing.NodeProbe;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * The node's side of a drain (the shared node kit) against a real Prosody, the session stood in by
 * the probe: the node lets go of the connect address, says it drains, refuses a second drain in
 * words, and asks to move its accounts one at a time, the next only once the last has gone.
 */
@ExtendWith(VertxExtension.class)
class XmppNodeDrainTest {
  private static final String PASSWORD = "correct horse";
  static XmppTestServer server;

  @BeforeAll
  static void startServer() {
    server = new ProsodyServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aDrainingNodeTakesNoNewAccountsAndAsksToMoveItsAccountsOneAtATime(Vertx vertx) throws Exception {
    NodeHarness node = new NodeHarness(vertx, NodeHarness.fastConfig());
    List<NodeStatusReport> statuses = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, m -> {
      if (NodeStatus.NODE_STATUS.equals(m.body().getString("type"))) {
        synchronized (statuses) {
          statuses.add(NodeStatusReport.fromJson(m.body()));
        }
      }
    }).completion().await();
    server.createUser("drainee1", PASSWORD);
    server.createUser("drainee2", PASSWORD);
    String first = NodeHarness.newAccountId();
    String second = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(first, server, "drainee1", PASSWORD);
    node.connectAndAwaitRoster(second, server, "drainee2", PASSWORD);

    JsonObject drained = node.command(NodeCommand.DRAIN, null, new JsonObject());
    assertEquals(new NodeDrainStarted(node.nodeId, 2), NodeDrainStarted.fromJson(drained));
    ReplyException again = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.DRAIN));
    NodeProbe.assertFailure(again, FailureCode.INVALID_FIELD);
    assertTrue(again.getMessage().startsWith("This xmpp node is being drained already; 2 account(s) left"), again.getMessage());
    // No new account: nobody takes connects for the network any more.
    server.createUser("latecomer", PASSWORD);
    ReplyException refused = node.failure(Addresses.nodeConnect(XmppNetwork.ID),
        node.connectCommand(NodeHarness.newAccountId(), server, "latecomer", PASSWORD));
    assertEquals(ReplyFailure.NO_HANDLERS, refused.failureType());
    synchronized (statuses) {
      assertTrue(statuses.stream().anyMatch(s -> node.nodeId.equals(s.nodeId()) && s.draining() && s.held() == 2),
          "published at once as draining: " + statuses);
    }

    // One at a time: the first account is asked to move; the second only once the first has gone.
    node.awaitEvent(first, NodeEvent.MOVE_ASKED, e -> true);
    Thread.sleep(1000);
    assertEquals(0, node.eventsOf(second, NodeEvent.MOVE_ASKED).size(), "the second waits for the first");
    // The session disconnects it here once its new connection is up.
    node.command(NodeCommand.DISCONNECT, first, new JsonObject());
    node.awaitEvent(second, NodeEvent.MOVE_ASKED, e -> true);
    node.command(NodeCommand.DISCONNECT, second, new JsonObject());
    long end = System.currentTimeMillis() + 10_000;
    boolean none = false;
    while (!none && System.currentTimeMillis() < end) {
      synchronized (statuses) {
        none = statuses.stream().anyMatch(s -> node.nodeId.equals(s.nodeId()) && s.draining() && s.held() == 0);
      }
      Thread.sleep(100);
    }
    assertTrue(none, "drained: the status says draining with nothing held");
    assertEquals(1, node.eventsOf(first, NodeEvent.MOVE_ASKED).size());
  }
}
