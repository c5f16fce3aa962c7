package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
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
    return new JsonObject().put("type", NodeStatus.NODES_LIST);
  }

  @Test
  void anAdminSocketListsEveryProtocolNode() throws Exception {
    try (BridgeClient s = admin.openBridge(parley.vertx())) {
      String reply = s.send(Addresses.BROWSER_ADMIN_NODES, nodesList(), null);
      JsonObject frame = s.next("rec", reply, 5000);
      assertNotNull(frame, "no answer to nodes.list");
      JsonArray nodes = frame.getJsonObject("body").getJsonArray("nodes");
      assertEquals(List.of("irc", "msn", "oscar", "xmpp", "yahoo"), nodes.stream()
          .map(n -> ((JsonObject) n).getString("network")).toList(), nodes.encode());
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject node = nodes.getJsonObject(i);
        assertEquals(0, node.getInteger("held"), node.encode());
        assertEquals(0, node.getJsonObject("sessions").getInteger("connected"), node.encode());
        assertTrue(node.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), node.encode());
        assertTrue(node.getLong("uptimeSeconds") >= 0, node.encode());
        assertNotNull(node.getString("nodeId"));
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
        c.publish(Addresses.NODES_STATUS, new JsonObject().put("type", NodeStatus.NODE_STOPPED).put("nodeId", "x"));
        assertRefused(c.next("err", null, 3000));
        c.send(Addresses.NODES_STATUS, new JsonObject().put("type", NodeStatus.NODE_STATUS), null);
        assertRefused(c.next("err", null, 3000));
      }
    }
  }
}
