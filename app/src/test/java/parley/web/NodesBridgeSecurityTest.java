package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.app.AllInOne;
import parley.contract.Addresses;
import parley.contract.Headers;
import parley.contract.NodeStatus;
import parley.contract.nodes.ListedNode;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodeStopped;
import parley.contract.nodes.NodesList;
import parley.contract.nodes.NodesListed;
import parley.web.testing.BridgeClient;
import parley.web.testing.HttpUser;
import parley.web.testing.WebStack;

/** The protocol nodes' status reaches admin sockets through the bridge, and no other socket. */
class NodesBridgeSecurityTest {
  private static JsonObject config;
  private static AllInOne.Running parley;
  private static HttpUser admin;
  private static HttpUser alice;

  @BeforeAll
  static void start() {
    config = WebStack.config();
    parley = AllInOne.start(config).await();
    admin = new HttpUser(parley.vertx(), parley.webPort()).signUp("admin", "admin-password");
    WebStack.grantAdmin(config, "admin");
    admin.signIn("admin", "admin-password");
    alice = new HttpUser(parley.vertx(), parley.webPort()).signUp("alice", "alice-password");
  }

  @AfterAll
  static void stop() {
    if (parley != null) {
      parley.close().await();
    }
  }

  private static void assertRefused(JsonObject frame) {
    assertNotNull(frame, "expected the bridge to refuse");
    assertTrue(Set.of("access_denied", "rejected").contains(frame.getString("body")), frame.encode());
  }

  private static JsonObject nodesList() {
    return new NodesList().toJson();
  }

  @Test
  void anAdminSocketListsEveryProtocolNode() throws Exception {
    try (BridgeClient s = admin.openBridge(parley.vertx())) {
      String reply = s.send(Addresses.BROWSER_ADMIN_NODES, nodesList(), null);
      JsonObject frame = s.next("rec", reply, 5000);
      assertNotNull(frame, "no answer to nodes.list");
      List<NodeStatusReport> nodes = NodesListed.fromJson(frame.getJsonObject("body")).nodes().stream()
          .map(ListedNode::status).toList();
      assertEquals(List.of("irc", "msn", "oscar", "xmpp", "yahoo"), nodes.stream().map(NodeStatusReport::network).toList(),
          nodes.toString());
      for (NodeStatusReport node : nodes) {
        assertEquals(0, node.held(), node.toString());
        assertEquals(0, node.sessions().get("connected"), node.toString());
        assertTrue(node.version().matches("\\d+\\.\\d+\\.\\d+.*"), node.toString());
        assertTrue(node.uptimeSeconds() >= 0, node.toString());
      }
    }
  }

  @Test
  void aNonAdminSocketGetsNoNodesEvenForgingTheAdminsId() throws Exception {
    try (BridgeClient a = alice.openBridge(parley.vertx())) {
      String reply = a.send(Addresses.BROWSER_ADMIN_NODES, nodesList(), new JsonObject().put(Headers.USER_ID, admin.userId()));
      assertRefused(a.next("err", null, 3000));
      assertNull(a.next("rec", reply, 500), "nodes.list got an answer");
    }
  }

  @Test
  void noSocketReachesTheNodesInternalStatusAddress() throws Exception {
    for (HttpUser user : List.of(alice, admin)) {
      try (BridgeClient c = user.openBridge(parley.vertx())) {
        c.register(Addresses.NODES_STATUS);
        assertRefused(c.next("err", null, 3000));
        c.publish(Addresses.NODES_STATUS, new NodeStopped("x").toJson());
        assertRefused(c.next("err", null, 3000));
        // Asking every node to publish at once would be a cheap amplifier: sockets may not.
        c.publish(Addresses.NODES_STATUS, new parley.contract.nodes.NodeStatusWanted().toJson());
        assertRefused(c.next("err", null, 3000));
        c.send(Addresses.NODES_STATUS, new JsonObject().put("type", NodeStatus.NODE_STATUS), null);
        assertRefused(c.next("err", null, 3000));
      }
    }
  }
}
