package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import parley.billing.BillingVerticle;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeStatus;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodesDrained;
import parley.session.SessionVerticle;
import parley.web.testing.BridgeUser;
import parley.web.testing.Browser;
import parley.web.testing.HttpUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.SmackPeer;
import parley.web.testing.TestCluster;
import parley.web.testing.WebStack;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * An admin drains an XMPP node through the admin HTTP route while a user's account on it and a
 * contact exchange numbered messages both ways: the account moves to the other XMPP node (a second
 * connection made before the first closes), each message reaches the browser's stream and history
 * exactly once and in order, the contact gets each sent one once, and the page never shows the
 * account other than connected. The node's status says it drains and how many accounts are left;
 * in Chromium the admin page then says it is drained and may be stopped. Refused drains (not an
 * admin, an unknown node, the last node of a network, a node draining already) say why in words.
 * Real Prosody (archive on, so stanza ids), real PostgreSQL; node A in a Vert.x of its own, clustered
 * (Hazelcast, a cluster of the test's own) with the one running session, billing, web and node B.
 */
class NodeDrainTest {
  static final int COUNT = 30;
  static final String DRAIN = "/api/admin/nodes/drain";

  @Test
  void anXmppNodeDrainedUnderTrafficHandsItsAccountOverWithNothingLostOrDoubled() throws Exception {
    ProsodyServer prosody = new ProsodyServer().withArchive().start();
    // Two processes' worth of Vert.x in one cluster of their own: session, billing, web and node B
    // in one, node A in the other, so that A's letting go of the connect address crosses the cluster.
    TestCluster cluster = new TestCluster("parley-drain-", 2);
    JsonObject config = WebStack.config().put("cluster", cluster.member(0));
    Vertx main = TestCluster.join(config);
    JsonObject nodesConfig = new JsonObject().put("cluster", cluster.member(1));
    Vertx nodes = TestCluster.join(nodesConfig);
    try {
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      main.deployVerticle(new SessionVerticle(), options).await();
      main.deployVerticle(new BillingVerticle(), options).await();
      WebVerticle web = new WebVerticle();
      main.deployVerticle(web, options).await();
      int port = web.actualPort();
      prosody.createUser("nia", "nia-im-pw");
      prosody.createUser("pat", "pat-pw");
      String jid = "nia@" + prosody.domain();
      String pat = "pat@" + prosody.domain();

      // Every status the nodes publish, latest per node, and every one of them.
      Map<String, NodeStatusReport> latest = new ConcurrentHashMap<>();
      List<NodeStatusReport> statuses = new CopyOnWriteArrayList<>();
      collectStatuses(main, latest, statuses);
      XmppNodeVerticle nodeA = new XmppNodeVerticle();
      nodes.deployVerticle(nodeA, new DeploymentOptions().setConfig(nodesConfig)).await();
      String a = nodeA.nodeId();

      waitUntil("node A reported", () -> latest.containsKey(a));
      HttpUser admin = new HttpUser(main, port).signUp("root", "root-parley-pw");
      WebStack.grantAdmin(config, "root");
      admin.signIn("root", "root-parley-pw");
      BridgeUser nia = BridgeUser.signUp(main, port, "nia");
      List<JsonObject> stream = new CopyOnWriteArrayList<>();
      nia.bridge.tap(frame -> {
        if ("rec".equals(frame.getString("type")) && frame.getJsonObject("body") != null) {
          stream.add(frame.getJsonObject("body"));
        }
        return false;
      });

      // Refused: not an admin; an unknown node; the only XMPP node (its accounts would have nowhere to go).
      assertRefused(nia.http.post(DRAIN, new JsonObject().put("nodeId", a)), 403, FailureCode.FORBIDDEN,
          "Only an admin may drain a protocol node.");
      assertRefused(admin.post(DRAIN, new JsonObject().put("nodeId", "no-such-node")), 400, FailureCode.INVALID_FIELD,
          "No protocol node with that id is running");
      assertRefused(admin.post(DRAIN, new JsonObject()), 400, FailureCode.INVALID_FIELD, "Name the node to drain");
      assertRefused(admin.post(DRAIN, new JsonObject().put("nodeId", a)), 400, FailureCode.NO_PROTOCOL_NODE,
          "That is the only XMPP node taking accounts: its accounts would have nowhere to go. Start another XMPP node, then drain this one.");

      String accountId = nia.addXmppAccount(jid, "nia-im-pw", prosody.port());
      waitUntil("node A holds the account", () -> held(latest, a) == 1);
      int connectedAt = stream.size();

      XmppNodeVerticle nodeB = new XmppNodeVerticle();
      main.deployVerticle(nodeB, options).await();
      String b = nodeB.nodeId();
      waitUntil("node B reported", () -> latest.containsKey(b));

      List<String> patGot = Collections.synchronizedList(new ArrayList<>());
      try (SmackPeer peer = new SmackPeer("pat", "pat-pw", prosody.domain(), prosody.port(), m -> patGot.add(m.getBody()))) {
        Thread contact = new Thread(() -> {
          try {
            for (int i = 1; i <= COUNT; i++) {
              peer.send(jid, "in-" + i);
              Thread.sleep(100);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        contact.start();
        for (int i = 1; i <= COUNT; i++) {
          nia.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId).put("to", pat)
              .put("text", "out-" + i));
          if (i == 8) {
            HttpResponse<Buffer> drained = admin.post(DRAIN, new JsonObject().put("nodeId", a));
            assertEquals(200, drained.statusCode(), drained.bodyAsString());
            assertEquals(new NodesDrained(a, "xmpp", 1), NodesDrained.fromJson(drained.bodyAsJsonObject()));
          }
          Thread.sleep(100);
        }
        contact.join(30_000);

        waitUntil("the account moved to node B", () -> held(latest, a) == 0 && held(latest, b) == 1);
        List<String> expectedIn = numbered("in-");
        List<String> expectedOut = numbered("out-");
        waitUntil("every message in history", () -> texts(nia, accountId, pat, "in").size() >= COUNT
            && texts(nia, accountId, pat, "out").size() >= COUNT && patGot.size() >= COUNT);
        // Time for a second copy to arrive, if one were coming.
        Thread.sleep(2000);

        assertEquals(expectedIn, texts(nia, accountId, pat, "in"), "history, received");
        assertEquals(expectedOut, texts(nia, accountId, pat, "out"), "history, sent");
        assertEquals(expectedOut, List.copyOf(patGot), "what the contact got");
        JsonArray history = history(nia, accountId, pat);
        history.stream().map(JsonObject.class::cast).filter(m -> "out".equals(m.getString("direction")))
            .forEach(m -> assertEquals("sent", m.getString("status"), "each sent message went out: " + m.encode()));

        List<JsonObject> events = List.copyOf(stream);
        assertEquals(expectedIn, streamTexts(events, "in-"), "the browser's stream, received");
        assertEquals(expectedOut, streamTexts(events, "out-"), "the browser's stream, sent");
        List<String> shown = events.subList(connectedAt, events.size()).stream()
            .filter(e -> BrowserEvent.ACCOUNT_STATE.equals(e.getString("type")) && accountId.equals(e.getString("accountId")))
            .map(e -> e.getString("state")).distinct().toList();
        assertTrue(shown.stream().allMatch(ConnectionState.CONNECTED::equals), "the page saw the account only connected: " + shown);
      }

      // The node said it was draining with the account still to move, then that it held none.
      assertTrue(statuses.stream().anyMatch(s -> a.equals(s.nodeId()) && s.draining() && s.held() == 1),
          "node A's status said it was draining with 1 account left");
      assertTrue(latest.get(a).draining());
      assertTrue(!latest.get(b).draining());

      // Refused again: A drains already; B is now the only XMPP node taking accounts.
      assertRefused(admin.post(DRAIN, new JsonObject().put("nodeId", a)), 400, FailureCode.INVALID_FIELD,
          "That XMPP node is being drained already; 0 account(s) left to move.");
      assertRefused(admin.post(DRAIN, new JsonObject().put("nodeId", b)), 400, FailureCode.NO_PROTOCOL_NODE,
          "That is the only XMPP node taking accounts");

      // A new account goes to B, never to the draining node.
      prosody.createUser("ora", "ora-im-pw");
      BridgeUser ora = BridgeUser.signUp(main, port, "ora");
      ora.addXmppAccount("ora@" + prosody.domain(), "ora-im-pw", prosody.port());
      waitUntil("node B holds both accounts", () -> held(latest, b) == 2);
      assertEquals(0, held(latest, a));
      ora.close();

      // The admin page: A drained and may be stopped; a drain of B is refused in words.
      try (Browser browser = new Browser()) {
        ParleyPage root = new ParleyPage(browser, port).open();
        root.signIn("root", "root-parley-pw");
        root.openAdmin();
        String rowA = "#admin-nodes-table tr[data-node-id='" + a + "']";
        String rowB = "#admin-nodes-table tr[data-node-id='" + b + "']";
        browser.text(rowA + " .node-drain-state", "Drained: it may be stopped");
        assertTrue(browser.all(rowA + " .node-drain").stream().noneMatch(org.openqa.selenium.WebElement::isDisplayed),
            "no second drain offered");
        browser.visible(rowB + " .node-drain").click();
        browser.text(rowB + " .node-drain", "Confirm drain").click();
        browser.text("#admin-drain-error", "That is the only XMPP node taking accounts");
        browser.text(rowB + " .node-drain", "Drain");
        browser.screenshot("admin-nodes-drained");
      }
      nia.close();
    } finally {
      nodes.close().await();
      main.close().await();
      prosody.stop();
    }
  }

  static void assertRefused(HttpResponse<Buffer> response, int status, FailureCode code, String text) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code.name(), error.getString("code"), response.bodyAsString());
    assertTrue(error.getString("text").startsWith(text), error.getString("text"));
  }

  /** Every status the nodes publish on the bus of {@code vertx}: in order, and the latest per node. */
  static void collectStatuses(Vertx vertx, Map<String, NodeStatusReport> latest, List<NodeStatusReport> statuses) {
    vertx.eventBus().<JsonObject>consumer(Addresses.NODES_STATUS, msg -> {
      if (NodeStatus.NODE_STATUS.equals(msg.body().getString("type"))) {
        NodeStatusReport s = NodeStatusReport.fromJson(msg.body());
        latest.put(s.nodeId(), s);
        statuses.add(s);
      }
    }).completion().await();
  }

  static int held(Map<String, NodeStatusReport> latest, String nodeId) {
    NodeStatusReport s = latest.get(nodeId);
    return s == null ? -1 : s.held();
  }

  static List<String> numbered(String prefix) {
    return IntStream.rangeClosed(1, COUNT).mapToObj(i -> prefix + i).toList();
  }

  /** The texts of the stream's message events that start with the prefix, in the stream's order. */
  static List<String> streamTexts(List<JsonObject> events, String prefix) {
    return events.stream().filter(e -> BrowserEvent.MESSAGE.equals(e.getString("type")))
        .map(e -> e.getJsonObject("message").getString("text")).filter(t -> t != null && t.startsWith(prefix)).toList();
  }

  static JsonArray history(BridgeUser user, String accountId, String peer) throws InterruptedException {
    JsonArray messages = user.request(new JsonObject().put("type", BrowserCommand.HISTORY_GET)
        .put("accountId", accountId).put("peer", peer).put("limit", 200)).getJsonArray("messages");
    List<Object> sorted = new ArrayList<>(messages.getList());
    return new JsonArray(sorted);
  }

  /** The history's texts in one direction, oldest first (by history id). */
  static List<String> texts(BridgeUser user, String accountId, String peer, String direction) {
    try {
      return history(user, accountId, peer).stream().map(JsonObject.class::cast)
          .filter(m -> direction.equals(m.getString("direction")))
          .sorted((x, y) -> Long.compare(x.getLong("id"), y.getLong("id")))
          .map(m -> m.getString("text")).toList();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitUntil(String what, Check check) throws Exception {
    waitUntil(what, check, 30_000);
  }

  static void waitUntil(String what, Check check, long ms) throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (!check.ok()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("not within " + ms + " ms: " + what);
      }
      Thread.sleep(200);
    }
  }
}
