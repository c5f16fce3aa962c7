package parley.yahoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.yahoo.testing.YahooTestClient;
import parley.yahoo.testing.YahooTestServer;
import parley.yahoo.wire.Services;

/** A Yahoo account through the node, against the YMSG test server, with scripted Yahoo clients as the other people. */
class YahooNodeTest extends AgainstTestServer {

  private static JsonObject contact(JsonObject roster, String jid) {
    return roster.getJsonArray("contacts").stream().map(JsonObject.class::cast)
        .filter(c -> jid.equals(c.getString("jid"))).findFirst().orElseThrow(() -> new AssertionError(jid + " not in " + roster));
  }

  @Test
  void logsInWithTheChallengeAndReportsTheBuddyListWithGroupsAndWhoIsOnline() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String carol = newUser("carol");
    server.storeBuddy(alice, "Friends", bob);
    server.storeBuddy(alice, "Work", bob);
    server.storeBuddy(alice, "Work", carol);
    YahooTestClient bobClient = peer(bob);
    bobClient.away("at lunch");

    String account = NodeHarness.newAccountId();
    JsonObject roster = node.connectAndAwaitRoster(node.connectCommand(account, server, alice.toUpperCase(), PASSWORD));
    assertEquals(2, roster.getJsonArray("contacts").size(), roster.encode());
    assertEquals(new JsonObject().put("jid", bob).put("name", bob).put("groups", new JsonArray().add("Friends").add("Work"))
        .put("subscription", "to"), contact(roster, bob));
    assertEquals(new JsonArray().add("Work"), contact(roster, carol).getJsonArray("groups"));
    JsonObject presence = node.awaitEvent(account, NodeEvent.PRESENCE, e -> bob.equals(e.getString("jid")));
    assertEquals("away", presence.getString("show"));
    assertEquals("at lunch", presence.getString("status"));
    assertTrue(node.eventsOf(account, NodeEvent.PRESENCE).stream().noneMatch(e -> carol.equals(e.getString("jid"))));
  }

  @Test
  void aResyncSendsStateRosterAndPresenceAgain() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    server.storeBuddy(alice, "Friends", bob);
    YahooTestClient bobClient = peer(bob);
    bobClient.away("back soon");
    String account = logIn(alice);
    node.awaitEvent(account, NodeEvent.PRESENCE, e -> bob.equals(e.getString("jid")));

    node.command(NodeCommand.RESYNC, account, new JsonObject());
    node.awaitState(account, "connected");
    assertEquals(bob, node.awaitEvent(account, NodeEvent.ROSTER, e -> true).getJsonArray("contacts").getJsonObject(0)
        .getString("jid"));
    assertEquals("back soon", node.awaitEvent(account, NodeEvent.PRESENCE, e -> bob.equals(e.getString("jid")))
        .getString("status"));
  }

  @Test
  void presenceAndStatusMessagesBothWays() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    server.storeBuddy(alice, "Friends", bob);
    server.storeBuddy(bob, "Friends", alice);
    String account = logIn(alice);

    YahooTestClient bobClient = peer(bob);
    assertEquals("available", node.awaitEvent(account, NodeEvent.PRESENCE, e -> bob.equals(e.getString("jid"))).getString("show"));
    bobClient.status(Services.BUSY);
    JsonObject busy = node.awaitEvent(account, NodeEvent.PRESENCE, e -> "dnd".equals(e.getString("show")));
    assertEquals("Busy", busy.getString("status"));
    bobClient.away("in a meeting");
    assertEquals("in a meeting", node.awaitEvent(account, NodeEvent.PRESENCE, e -> "away".equals(e.getString("show")))
        .getString("status"));

    node.command(NodeCommand.SET_PRESENCE, account, new JsonObject().put("show", "dnd").put("status", "writing ✍"));
    bobClient.await(Services.IS_AWAY, p -> alice.equals(p.get(7)) && "writing ✍".equals(p.get(19)));
    assertEquals("99/writing ✍/2", server.statusOf(alice));
    node.command(NodeCommand.SET_PRESENCE, account, new JsonObject().put("show", "available"));
    bobClient.await(Services.IS_BACK, p -> alice.equals(p.get(7)));

    bobClient.close();
    JsonObject gone = node.awaitEvent(account, NodeEvent.PRESENCE, e -> !e.getBoolean("available"));
    assertEquals(bob, gone.getString("jid"));
    assertEquals("offline", gone.getString("show"));
  }

  @Test
  void anAwayPresenceGivenAtConnectIsSetRightAfterTheLogin() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(node.connectCommand(account, server, alice, PASSWORD)
        .put("presence", new JsonObject().put("show", "away").put("status", "")));
    YahooTestServer s = server;
    long deadline = System.currentTimeMillis() + 10_000;
    while (!"99/Away/1".equals(s.statusOf(alice)) && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals("99/Away/1", s.statusOf(alice));
  }

  @Test
  void messagesBothWaysInUtf8AndWithoutYahooFormatting() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    server.storeBuddy(alice, "Friends", bob);
    String account = logIn(alice);
    YahooTestClient bobClient = peer(bob);

    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", bob).put("text", "Hello Bob, Grüße ✓")
        .put("messageId", "1"));
    bobClient.awaitMessage(alice, "Hello Bob, Grüße ✓");

    bobClient.say(alice, "Hi <b>Alice</b> & 你好");
    JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals(bob, in.getString("from"));
    assertEquals("Hi <b>Alice</b> & 你好", in.getString("text"));
    assertTrue(Math.abs(System.currentTimeMillis() - in.getLong("ts")) < 60_000);

    bobClient.sayFormatted(alice, "in red");
    assertEquals("in red", node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true).getString("text"));
  }

  @Test
  void messagesSentWhileAwayComeAtTheNextLoginWithTheirTime() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    YahooTestClient bobClient = peer(bob);
    bobClient.say(alice, "while you were out");
    bobClient.say(alice, "and again");
    server.awaitMessage(m -> m.text().equals("and again"));

    String account = logIn(alice);
    JsonObject first = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "while you were out".equals(e.getString("text")));
    node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "and again".equals(e.getString("text")));
    // The server's time (key 15, a minute ago in the test server), not the time it arrived.
    assertTrue(System.currentTimeMillis() - first.getLong("ts") >= 50_000, first.encode());
  }

  @Test
  void typingBothWays() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String account = logIn(alice);
    YahooTestClient bobClient = peer(bob);

    node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", bob).put("state", "composing"));
    bobClient.await(Services.NOTIFY, p -> alice.equals(p.get(4)) && "1".equals(p.get(13)));
    node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", bob).put("state", "paused"));
    bobClient.await(Services.NOTIFY, p -> alice.equals(p.get(4)) && "0".equals(p.get(13)));

    bobClient.typing(alice, true);
    assertEquals("composing", node.awaitEvent(account, NodeEvent.TYPING, e -> bob.equals(e.getString("from"))).getString("state"));
    bobClient.typing(alice, false);
    assertEquals("paused", node.awaitEvent(account, NodeEvent.TYPING, e -> bob.equals(e.getString("from"))).getString("state"));
  }

  @Test
  void addingABuddyAsksThemAndTheirAnswerShows() throws Exception {
    String alice = newUser("alice");
    String dave = newUser("dave");
    String account = logIn(alice);
    YahooTestClient daveClient = peer(dave);

    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", dave).put("group", "Work"));
    JsonObject added = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact");
    assertEquals(dave, added.getString("jid"));
    assertEquals(new JsonArray().add("Work"), added.getJsonArray("groups"));
    assertEquals("none", added.getString("subscription"));
    assertEquals(List.of("Work:" + dave), server.storedBuddies(alice));

    daveClient.awaitRequest(alice);
    daveClient.answer(alice, true);
    assertEquals("to", node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> true).getJsonObject("contact")
        .getString("subscription"));
    assertEquals("available", node.awaitEvent(account, NodeEvent.PRESENCE, e -> dave.equals(e.getString("jid"))).getString("show"));

    node.command(NodeCommand.REMOVE_CONTACT, account, new JsonObject().put("jid", dave));
    assertEquals(dave, node.awaitEvent(account, NodeEvent.CONTACT_REMOVED, e -> true).getString("jid"));
    assertEquals(List.of(), server.storedBuddies(alice));
  }

  @Test
  void addingAnUnknownIdIsRefusedInWords() {
    String alice = newUser("alice");
    String account = logIn(alice);
    var failure = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.ADD_CONTACT)
        .put("accountId", account).put("jid", "nobody_here"));
    NodeHarness.assertFailure(failure, FailureCode.IM_ERROR);
    assertEquals("The Yahoo server does not know the Yahoo ID nobody_here.", failure.getMessage());
  }

  @Test
  void anAddedYouRequestIsAnsweredFromThePage() throws Exception {
    String alice = newUser("alice");
    String erin = newUser("erin");
    String account = logIn(alice);
    YahooTestClient erinClient = peer(erin);

    erinClient.addBuddy(alice, "Friends");
    assertEquals(erin, node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, e -> true).getString("from"));
    node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", erin).put("approve", true));
    erinClient.await(Services.AUTHORIZATION, p -> alice.equals(p.get(4)) && "1".equals(p.get(13)));
    // Now Erin sees Alice.
    erinClient.await(Services.LOGON, p -> alice.equals(p.get(7)));
  }

  @Test
  void badCommandsAreRefusedInWords() {
    String alice = newUser("alice");
    String account = logIn(alice);
    var badId = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", account).put("to", "1 not an id").put("text", "hi"));
    NodeHarness.assertFailure(badId, FailureCode.INVALID_FIELD);
    assertEquals("The field 'to' is not a valid Yahoo ID (4-32 letters, digits, '_' or '.', starting with a letter).",
        badId.getMessage());
    var badGroup = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.ADD_CONTACT)
        .put("accountId", account).put("jid", "bob_jones").put("group", "a:b"));
    NodeHarness.assertFailure(badGroup, FailureCode.INVALID_FIELD);
    var notHeld = node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", "no-such-account").put("to", "bob_jones").put("text", "hi"));
    NodeHarness.assertFailure(notHeld, FailureCode.NOT_CONNECTED);
    assertFalse(node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream().anyMatch(e -> "failed".equals(e.getString("state"))));
  }
}
