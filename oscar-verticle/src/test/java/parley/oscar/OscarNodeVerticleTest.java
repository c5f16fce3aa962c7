package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.oscar.wire.ImData;

/** The node against the OSCAR test server: sign-on, buddy list, presence, messages, typing. */
class OscarNodeVerticleTest extends AgainstTestServer {

  @Test
  void aimScreenNameSignsOnWithStrongMd5AndGetsItsBuddyListWithGroups() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    String carol = newUser("Carol");
    server.storeBuddy(alice, "Friends", bob);
    server.storeBuddy(alice, "Work", carol);
    server.storeBuddy(alice, "Friends", carol);
    String account = NodeHarness.newAccountId();

    JsonObject roster = node.connectAndAwaitRoster(account, server, jid(alice), PASSWORD);

    assertEquals(new JsonArray()
        .add(new JsonObject().put("jid", jid(bob)).put("name", bob).put("groups", new JsonArray().add("Friends"))
            .put("subscription", "to"))
        .add(new JsonObject().put("jid", jid(carol)).put("name", carol).put("groups", new JsonArray().add("Work").add("Friends"))
            .put("subscription", "to")),
        roster.getJsonArray("contacts"));
    assertEquals(java.util.List.of("md5-strong"), server.loginMethods(alice));
    JsonObject ping = node.command(NodeCommand.PING, null, new JsonObject());
    assertEquals(new JsonArray().add(account), ping.getJsonArray("accounts"));
  }

  @Test
  void olderMd5HashingSignsOnToo() {
    // A Vert.x of its own: a second node on the same bus would share the connect address.
    Vertx vertx = Vertx.vertx();
    try {
      NodeHarness oldStyle = new NodeHarness(vertx, NodeHarness.fastConfig().put("aimLogin", "md5"));
      String alice = newUser("Alice");
      String account = NodeHarness.newAccountId();
      oldStyle.connectAndAwaitRoster(account, server, jid(alice), PASSWORD);
      assertEquals(java.util.List.of("md5"), server.loginMethods(alice));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void icqNumberSignsOnWithTheRoastedPassword() {
    String uin = newUin();
    String account = signOn(uin);
    assertEquals(java.util.List.of("roasted"), server.loginMethods(uin));
  }

  @Test
  void buddiesAreAddedToGroupsAndRemoved() {
    String alice = newUser("Alice");
    String dave = newUser("Dave");
    String account = signOn(alice);

    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", jid(dave)).put("name", "Davey").put("group", "Pals"));
    JsonObject added = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact");
    assertEquals(new JsonObject().put("jid", jid(dave)).put("name", "Davey").put("groups", new JsonArray().add("Pals"))
        .put("subscription", "to"), added);
    assertEquals(java.util.List.of("Pals/" + jid(dave)), server.storedBuddies(alice));

    // Stored on the server: the next sign-on brings it back.
    node.command(NodeCommand.DISCONNECT, account, new JsonObject());
    node.awaitState(account, "disconnected");
    JsonObject roster = node.connectAndAwaitRoster(account, server, jid(alice), PASSWORD);
    assertEquals(jid(dave), roster.getJsonArray("contacts").getJsonObject(0).getString("jid"));
    assertEquals("Davey", roster.getJsonArray("contacts").getJsonObject(0).getString("name"));

    node.command(NodeCommand.REMOVE_CONTACT, account, new JsonObject().put("jid", jid(dave)));
    assertEquals(jid(dave), node.awaitEvent(account, NodeEvent.CONTACT_REMOVED, e -> true).getString("jid"));
    assertEquals(java.util.List.of(), server.storedBuddies(alice));
  }

  @Test
  void addingAndRemovingKeepsTheGroupsOrderListsAndTheRootsForANewGroup() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    String dave = newUser("Dave");
    String erin = newUser("Erin");
    server.storeBuddy(alice, "Friends", bob);
    int friends = server.storedGroupId(alice, "Friends");
    int bobId = server.storedItemId(alice, bob);
    String account = signOn(alice);

    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", jid(dave)).put("group", "Friends"));
    int daveId = server.storedItemId(alice, dave);
    assertEquals(java.util.List.of(bobId, daveId), server.storedOrder(alice, "Friends"));

    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", jid(erin)).put("group", "Work"));
    int work = server.storedGroupId(alice, "Work");
    assertEquals(java.util.List.of(friends, work), server.storedOrder(alice, ""));
    assertEquals(java.util.List.of(server.storedItemId(alice, erin)), server.storedOrder(alice, "Work"));

    node.command(NodeCommand.REMOVE_CONTACT, account, new JsonObject().put("jid", jid(dave)));
    assertEquals(java.util.List.of(bobId), server.storedOrder(alice, "Friends"));
  }

  @Test
  void theFirstGroupOfAnEmptyListGetsARootGroupThatListsIt() {
    String alice = newUser("Alice");
    String dave = newUser("Dave");
    String account = signOn(alice);
    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", jid(dave)).put("group", "Pals"));
    assertEquals(java.util.List.of(server.storedGroupId(alice, "Pals")), server.storedOrder(alice, ""));
    assertEquals(java.util.List.of(server.storedItemId(alice, dave)), server.storedOrder(alice, "Pals"));
  }

  @Test
  void buddiesWhoWantToBeAskedAreAskedAndRequestsReachTheUser() {
    String alice = newUser("Alice");
    String erin = newUser("Erin");
    server.requireAuthorization(erin);
    String account = signOn(alice);

    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", jid(erin)));
    JsonObject pending = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact");
    assertEquals("none", pending.getString("subscription"));
    server.awaitAuthorizationRequest(r -> r.equals(alice + "->" + erin));

    server.peerAuthorizes(erin, jid(alice), true);
    JsonObject granted = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact");
    assertEquals("to", granted.getString("subscription"));

    server.peerAsksAuthorization(erin, jid(alice));
    assertEquals(jid(erin), node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, e -> true).getString("from"));
    node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", jid(erin)).put("approve", true));
    server.awaitAuthorizationRequest(r -> r.equals(alice + " granted " + erin));
  }

  @Test
  void buddyArrivalAwayMessageIdleAndDepartureAreReported() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    server.storeBuddy(alice, "Buddies", bob);
    String account = signOn(alice);

    server.peerOnline(bob, "", 0);
    JsonObject online = node.awaitEvent(account, NodeEvent.PRESENCE, e -> true);
    assertEquals(new JsonObject().put("jid", jid(bob)).put("available", true).put("show", "available").put("status", ""),
        withoutStamp(online));

    server.peerOnline(bob, "Out to <B>lunch</B> &amp; back soon", 0);
    JsonObject away = node.awaitEvent(account, NodeEvent.PRESENCE, e -> "Out to lunch & back soon".equals(e.getString("status")));
    assertEquals("away", away.getString("show"));

    server.peerOnline(bob, "", 12);
    JsonObject idle = node.awaitEvent(account, NodeEvent.PRESENCE, e -> e.getString("status").startsWith("idle"));
    assertEquals("idle for 12 min", idle.getString("status"));
    assertEquals("available", idle.getString("show"));

    server.peerOffline(bob);
    JsonObject gone = node.awaitEvent(account, NodeEvent.PRESENCE, e -> !e.getBoolean("available"));
    assertEquals("offline", gone.getString("show"));
  }

  @Test
  void icqAwayTextsAreAskedForTheIcqWay() throws InterruptedException {
    String uin = newUin();
    String friend = newUin();
    server.storeBuddy(uin, "Buddies", friend);
    String account = signOn(uin);

    server.peerOnlineIcq(friend, 0x0001, "gone fishing");
    JsonObject away = node.awaitEvent(account, NodeEvent.PRESENCE, e -> "gone fishing".equals(e.getString("status")));
    assertEquals("away", away.getString("show"));
    assertEquals(friend, away.getString("jid"));

    // The same status again (an idle update, say): the known text stays, and is not asked for again.
    int asked = server.autoMessageRequests();
    int seen = node.eventsOf(account, NodeEvent.PRESENCE).size();
    server.peerOnlineIcq(friend, 0x0001, "gone fishing");
    long deadline = System.currentTimeMillis() + 10_000;
    while (node.eventsOf(account, NodeEvent.PRESENCE).size() == seen && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    java.util.List<JsonObject> presences = node.eventsOf(account, NodeEvent.PRESENCE);
    assertEquals(seen + 1, presences.size());
    assertEquals("gone fishing", presences.get(seen).getString("status"));
    assertEquals(asked, server.autoMessageRequests());

    server.peerOnlineIcq(friend, 0x0013, "in a meeting");
    JsonObject dnd = node.awaitEvent(account, NodeEvent.PRESENCE, e -> "in a meeting".equals(e.getString("status")));
    assertEquals("dnd", dnd.getString("show"));
  }

  @Test
  void ownAwayMessageIsSeenByBuddies() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    server.storeBuddy(bob, "Buddies", alice);
    String aliceAccount = signOn(alice);
    String bobAccount = signOn(bob);
    node.awaitEvent(bobAccount, NodeEvent.PRESENCE, e -> e.getBoolean("available"));

    node.command(NodeCommand.SET_PRESENCE, aliceAccount, new JsonObject().put("show", "away").put("status", "gone <fishing>"));
    JsonObject seen = node.awaitEvent(bobAccount, NodeEvent.PRESENCE, e -> "gone <fishing>".equals(e.getString("status")));
    assertEquals("away", seen.getString("show"));
  }

  @Test
  void messagesGoBothWaysWithHtmlAndUnicode() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    String aliceAccount = signOn(alice);
    String bobAccount = signOn(bob);

    String text = "Hi <b>Bob</b> & Привет ✓\nsecond line";
    assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, aliceAccount,
        new JsonObject().put("to", jid(bob)).put("text", text)));
    JsonObject in = node.awaitEvent(bobAccount, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals(jid(alice), in.getString("from"));
    assertEquals(text, in.getString("text"));
    assertEquals(ImData.UTF16BE, server.awaitMessage(m -> m.to().equals(bob)).charset());

    node.command(NodeCommand.SEND_MESSAGE, bobAccount, new JsonObject().put("to", jid(alice)).put("text", "café au lait"));
    assertEquals("café au lait", node.awaitEvent(aliceAccount, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    assertEquals(ImData.LATIN1, server.awaitMessage(m -> m.to().equals(alice)).charset());
  }

  @Test
  void messagesFromOtherClientsBecomeSafePlainText() {
    String alice = newUser("Alice");
    String carol = newUser("Carol");
    String account = signOn(alice);

    server.peerSends(carol, jid(alice),
        "<HTML><BODY BGCOLOR=\"#ffffff\"><FONT FACE=\"Arial\">Hello &amp; <B>welcome</B><BR>&lt;script&gt;</FONT></BODY></HTML>",
        ImData.ASCII);
    assertEquals("Hello & welcome\n<script>", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    server.peerSends(carol, jid(alice), "<HTML>Добрый день</HTML>", ImData.UTF16BE);
    assertEquals("Добрый день", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
    server.peerSends(carol, jid(alice), "Grüße", ImData.LATIN1);
    JsonObject latin = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals("Grüße", latin.getString("text"));
    assertEquals(jid(carol), latin.getString("from"));
  }

  @Test
  void typingNotificationsGoBothWays() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    server.peerOnline(bob, "", 0);
    String account = signOn(alice);

    node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", jid(bob)).put("state", "composing"));
    server.awaitTyping(t -> t.from().equals(alice) && t.to().equals(bob) && t.event() == 2);
    node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", jid(bob)).put("state", "active"));
    server.awaitTyping(t -> t.from().equals(alice) && t.event() == 0);

    server.peerTypes(bob, jid(alice), 2);
    JsonObject typing = node.awaitEvent(account, NodeEvent.TYPING, e -> true);
    assertEquals(jid(bob), typing.getString("from"));
    assertEquals("composing", typing.getString("state"));
    server.peerTypes(bob, jid(alice), 1);
    assertEquals("paused", node.awaitEvent(account, NodeEvent.TYPING, e -> true).getString("state"));
    assertTrue(node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).isEmpty());
  }

  @Test
  void offlineMessagesArriveAtSignOnWithTheirTime() {
    String alice = newUser("Alice");
    String bob = newUser("Bob");
    long sent = System.currentTimeMillis() / 1000 - 3600;
    server.storeOfflineMessage(bob, jid(alice), "<HTML>while you were out</HTML>", sent);
    String account = signOn(alice);
    JsonObject message = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals("while you were out", message.getString("text"));
    assertEquals(jid(bob), message.getString("from"));
    assertEquals(sent * 1000, message.getLong("ts"));
  }

  @Test
  void icqOfflineMessagesComeFromIcqsOwnServiceAndAreDeleted() throws InterruptedException {
    String uin = newUin();
    String friend = newUin();
    // ICQ keeps the minute a message was sent.
    long sent = (System.currentTimeMillis() / 60_000 - 90) * 60;
    server.storeOfflineMessage(friend, uin, "see you <b>soon</b>", sent);
    String account = signOn(uin);
    JsonObject message = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals(friend, message.getString("from"));
    assertEquals("see you soon", message.getString("text"));
    assertEquals(sent * 1000, message.getLong("ts"));
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.storedOfflineMessages(uin) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, server.storedOfflineMessages(uin), "read offline messages are deleted at the server");
  }

  private static JsonObject withoutStamp(JsonObject event) {
    JsonObject copy = event.copy();
    copy.remove("type");
    copy.remove("nodeId");
    copy.remove("userId");
    copy.remove("accountId");
    copy.remove("eventId");
    return copy;
  }
}
