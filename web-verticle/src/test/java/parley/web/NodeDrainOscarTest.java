package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.web.NodeDrainTest.COUNT;
import static parley.web.NodeDrainTest.DRAIN;
import static parley.web.NodeDrainTest.collectStatuses;
import static parley.web.NodeDrainTest.held;
import static parley.web.NodeDrainTest.numbered;
import static parley.web.NodeDrainTest.streamTexts;
import static parley.web.NodeDrainTest.texts;
import static parley.web.NodeDrainTest.waitUntil;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.browser.AccountReply;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodesDrained;
import parley.oscar.OscarNodeVerticle;
import parley.oscar.testing.OscarTestServer;
import parley.oscar.wire.ImData;
import parley.web.testing.Browser;
import parley.web.testing.BridgeUser;
import parley.web.testing.HttpUser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * An OSCAR node drained under traffic: AIM allows one sign-on per screen name, so each account's
 * new sign-on on the other node ends the old one with a kick, which the draining node takes as the
 * expected end of the move (no reconnect, nothing shown). Two accounts on the drained node move
 * one at a time; every numbered message both ways is in the stream and history once, in order.
 * Parley's OSCAR test server (a second sign-on pushes the first off, as AIM did), real PostgreSQL.
 */
class NodeDrainOscarTest {

  @Test
  void anOscarNodeDrainedUnderTrafficHandsItsAccountsOverOneAtATime() throws Exception {
    OscarTestServer aim = new OscarTestServer().start();
    WebStack stack = new WebStack(new JsonObject());
    try {
      aim.addUser("Alice Smith", "alice-aim");
      aim.addUser("Carol Ng", "carol-aim");
      aim.addUser("Bob Jones", "bob-aim");
      aim.peerOnline("Bob Jones", "", 0);

      Map<String, NodeStatusReport> latest = new ConcurrentHashMap<>();
      List<NodeStatusReport> statuses = new CopyOnWriteArrayList<>();
      collectStatuses(stack.vertx, latest, statuses);
      OscarNodeVerticle nodeA = new OscarNodeVerticle();
      stack.vertx.deployVerticle(nodeA, new DeploymentOptions()).await();
      String a = nodeA.nodeId();

      HttpUser admin = stack.user().signUp("root", "root-parley-pw");
      stack.grantAdmin("root");
      admin.signIn("root", "root-parley-pw");
      BridgeUser alice = BridgeUser.signUp(stack.vertx, stack.port, "alice");
      List<JsonObject> stream = new CopyOnWriteArrayList<>();
      alice.bridge.tap(frame -> {
        if ("rec".equals(frame.getString("type")) && frame.getJsonObject("body") != null) {
          stream.add(frame.getJsonObject("body"));
        }
        return false;
      });
      String accountId = addOscarAccount(alice, "Alice Smith", "alice-aim", aim.port());
      BridgeUser carol = BridgeUser.signUp(stack.vertx, stack.port, "carol");
      String carolAccount = addOscarAccount(carol, "Carol Ng", "carol-aim", aim.port());
      waitUntil("node A holds both accounts", () -> held(latest, a) == 2);
      int connectedAt = stream.size();

      OscarNodeVerticle nodeB = new OscarNodeVerticle();
      stack.vertx.deployVerticle(nodeB, new DeploymentOptions()).await();
      String b = nodeB.nodeId();
      waitUntil("node B reported", () -> latest.containsKey(b));

      Thread contact = new Thread(() -> {
        try {
          for (int i = 1; i <= COUNT; i++) {
            aim.peerSends("Bob Jones", "Alice Smith", "in-" + i, ImData.ASCII);
            Thread.sleep(100);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      contact.start();
      for (int i = 1; i <= COUNT; i++) {
        alice.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
            .put("to", "bobjones").put("text", "out-" + i));
        if (i == 8) {
          HttpResponse<Buffer> drained = admin.post(DRAIN, new JsonObject().put("nodeId", a));
          assertEquals(200, drained.statusCode(), drained.bodyAsString());
          assertEquals(2, NodesDrained.fromJson(drained.bodyAsJsonObject()).held());
        }
        Thread.sleep(100);
      }
      contact.join(30_000);

      waitUntil("both accounts moved to node B", () -> held(latest, a) == 0 && held(latest, b) == 2);
      // One at a time: A went from 2 to 1 to 0 while draining.
      assertTrue(statuses.stream().anyMatch(s -> a.equals(s.nodeId()) && s.draining() && s.held() == 1),
          "node A's status passed through 1 account left");
      waitUntil("every message in history", () -> texts(alice, accountId, "bobjones", "in").size() >= COUNT
          && texts(alice, accountId, "bobjones", "out").size() >= COUNT);
      Thread.sleep(2000);

      assertEquals(numbered("in-"), texts(alice, accountId, "bobjones", "in"), "history, received");
      assertEquals(numbered("out-"), texts(alice, accountId, "bobjones", "out"), "history, sent");
      List<String> gotByBob = aim.received().stream().filter(r -> "Bob Jones".equals(r.to()))
          .map(r -> r.rawText().replaceAll("<[^>]*>", "")).filter(t -> t.startsWith("out-")).toList();
      assertEquals(numbered("out-"), gotByBob, "what the contact got");
      List<JsonObject> events = List.copyOf(stream);
      assertEquals(numbered("in-"), streamTexts(events, "in-"), "the browser's stream, received");
      assertEquals(numbered("out-"), streamTexts(events, "out-"), "the browser's stream, sent");
      List<String> shown = events.subList(connectedAt, events.size()).stream()
          .filter(e -> BrowserEvent.ACCOUNT_STATE.equals(e.getString("type")) && accountId.equals(e.getString("accountId")))
          .map(e -> e.getString("state")).distinct().toList();
      assertTrue(shown.stream().allMatch(ConnectionState.CONNECTED::equals), "the page saw the account only connected: " + shown);
      // The kicks of the moves were expected: not counted as failures of the drained node.
      assertEquals(Map.of(), latest.get(a).failures(), "node A's failures: " + latest.get(a));
      // Neither account is left kicked or reconnecting: both are connected on B.
      assertEquals(2, latest.get(b).sessions().get("connected"));
      JsonObject carolAccounts = carol.request(new JsonObject().put("type", BrowserCommand.ATTACH));
      assertTrue(carolAccounts.encode().contains(carolAccount), carolAccounts.encode());
      alice.close();
      carol.close();
    } finally {
      stack.close();
      aim.close();
    }
  }

  /**
   * In Chromium the admin drains a node from the admin page: while the AIM server refuses the
   * account's second sign-on the row says how many accounts are left (the account stays where it
   * is, connected); once the server lets it sign on again, a later round moves it and the row says
   * the node may be stopped.
   */
  @Test
  void theAdminPageShowsADrainUnderWayThenDone() throws Exception {
    OscarTestServer aim = new OscarTestServer().start();
    WebStack stack = new WebStack(new JsonObject());
    try {
      aim.addUser("Dana Fox", "dana-aim");
      OscarNodeVerticle nodeA = new OscarNodeVerticle();
      stack.vertx.deployVerticle(nodeA, new DeploymentOptions()).await();
      BridgeUser dana = BridgeUser.signUp(stack.vertx, stack.port, "dana");
      String accountId = addOscarAccount(dana, "Dana Fox", "dana-aim", aim.port());
      List<JsonObject> stream = new CopyOnWriteArrayList<>();
      dana.bridge.tap(frame -> {
        if ("rec".equals(frame.getString("type")) && frame.getJsonObject("body") != null) {
          stream.add(frame.getJsonObject("body"));
        }
        return false;
      });
      stack.vertx.deployVerticle(new OscarNodeVerticle(), new DeploymentOptions()).await();
      stack.user().signUp("root", "root-parley-pw");
      stack.grantAdmin("root");
      aim.refuseLoginsAsRateLimited(true);

      try (Browser browser = new Browser()) {
        ParleyPage root = new ParleyPage(browser, stack.port).open();
        root.signIn("root", "root-parley-pw");
        root.openAdmin();
        String rowA = "#admin-nodes-table tr[data-node-id='" + nodeA.nodeId() + "']";
        browser.visible(rowA + " .node-drain").click();
        browser.text(rowA + " .node-drain", "Confirm drain").click();
        browser.text(rowA + " .node-drain-state", "Draining: 1 account left to move");
        browser.screenshot("admin-nodes-draining");
        assertEquals("", browser.driver.findElement(org.openqa.selenium.By.cssSelector("#admin-drain-error")).getText());

        aim.refuseLoginsAsRateLimited(false);
        // The next round asks again after the first ask's wait (30 s) and a pause (5 s).
        waitUntil("the row saying drained", () -> browser.driver.findElements(org.openqa.selenium.By.cssSelector(rowA + " .node-drain-state"))
            .stream().anyMatch(el -> el.getText().equals("Drained: it may be stopped")), 60_000);
        browser.screenshot("admin-nodes-drained-oscar");
      }
      List<String> shown = stream.stream()
          .filter(e -> BrowserEvent.ACCOUNT_STATE.equals(e.getString("type")) && accountId.equals(e.getString("accountId")))
          .map(e -> e.getString("state")).distinct().toList();
      assertTrue(shown.stream().allMatch(ConnectionState.CONNECTED::equals), "the page saw the account only connected: " + shown);
      dana.close();
    } finally {
      stack.close();
      aim.close();
    }
  }

  private static String addOscarAccount(BridgeUser user, String screenName, String password, int port) throws InterruptedException {
    String accountId = AccountReply.fromJson(user.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "oscar")
        .put("login", screenName).put("password", password).put("host", "127.0.0.1").put("port", port).put("tls", "if-offered"))).account().id();
    user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> accountId.equals(e.getString("accountId")) && "connected".equals(e.getString("state")),
        30_000);
    return accountId;
  }
}
