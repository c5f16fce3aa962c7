package parley.msn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.msn.testing.MsnPeer;
import parley.msn.testing.MsnTestServer;
import parley.nodekit.testing.NodeProbe;

/** The MSN node against the MSN test server, with scripted MSN peers on the other side. */
@Timeout(120)
class MsnNodeTest {
  static final String ALICE = "alice@hotmail.com";
  static final String BOB = "bob@hotmail.com";
  static final String CAROL = "carol@msn.com";

  private Vertx vertx;
  private MsnTestServer server;
  private NodeHarness node;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = new MsnTestServer().start();
    server.addUser(ALICE, "secret");
    server.addUser(BOB, "bobpw");
    server.addUser(CAROL, "carolpw");
    server.setFriendlyName(BOB, "Bob Brown");
    server.storeContact(ALICE, BOB, "Friends");
    server.storeContact(BOB, ALICE, null);
  }

  @AfterEach
  void tearDown() {
    NodeProbe.await(vertx.close());
    server.close();
  }

  private NodeHarness node(JsonObject config) {
    node = new NodeHarness(vertx, config);
    return node;
  }

  private static JsonObject contact(JsonObject roster, String jid) {
    for (Object c : roster.getJsonArray("contacts")) {
      if (jid.equals(((JsonObject) c).getString("jid"))) {
        return (JsonObject) c;
      }
    }
    throw new AssertionError(jid + " not in " + roster);
  }

  /** Alice's account and Bob as her roster lists him. */
  private record SignedIn(String account, JsonObject bob) {}

  /** Alice signs in through a new node; her roster lists Bob by his friendly name, and he is online. */
  private SignedIn aliceSignedInSeeingBob(JsonObject config) {
    node(config);
    String account = NodeProbe.newAccountId();
    JsonObject roster = node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    JsonObject b = contact(roster, BOB);
    assertEquals("Bob Brown", b.getString("name"));
    node.awaitEvent(account, NodeEvent.PRESENCE, p -> BOB.equals(p.getString("jid")) && p.getBoolean("available"));
    return new SignedIn(account, b);
  }

  /** A message from Alice reaches Bob, and one from Bob reaches her. */
  private void chatBothWays(String account, MsnPeer bob, String text) {
    send(account, BOB, text);
    assertEquals(text, bob.awaitMessage(ALICE));
    bob.say(ALICE, "re: " + text);
    node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, m -> BOB.equals(m.getString("from")) && ("re: " + text).equals(m.getString("text")));
  }

  private JsonObject send(String account, String to, String text) {
    return node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", to).put("text", text).put("messageId", "7"));
  }

  /** A {@code send-message} the node refuses: its failure reply. */
  private ReplyException sendRefused(String account, String to, String text) {
    return node.failure(Addresses.node(node.nodeId), new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", account).put("to", to).put("text", text).put("messageId", "8"));
  }

  @Test
  void passportSignInContactsPresenceMessagesAndTypingBothWays() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      SignedIn alice = aliceSignedInSeeingBob(NodeHarness.fastConfig(server));
      String account = alice.account();
      assertEquals(new JsonArray().add("Friends"), alice.bob().getJsonArray("groups"));
      assertEquals("both", alice.bob().getString("subscription"));
      assertTrue(server.challengesAnswered() >= 1, "the CHL challenge was answered");

      bob.setStatus("BSY");
      node.awaitEvent(account, NodeEvent.PRESENCE, p -> BOB.equals(p.getString("jid")) && "dnd".equals(p.getString("show"))
          && "Busy".equals(p.getString("status")));
      bob.awaitStatus(ALICE, "NLN");

      // Parley opens the conversation: XFR SB, CAL, JOI; the reply comes with the ACK.
      send(account, BOB, "Hallå Bob ✓");
      assertEquals("Hallå Bob ✓", bob.awaitMessage(ALICE));
      MsnTestServer.Carried sent = server.carried().get(0);
      assertEquals("text/plain; charset=UTF-8", sent.mime().header("Content-Type"));
      assertTrue(sent.mime().header("X-MMS-IM-Format").startsWith("FN="), sent.mime().headers().toString());

      bob.say(ALICE, "hi alice ☕");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, m -> BOB.equals(m.getString("from")));
      assertEquals("hi alice ☕", in.getString("text"));

      bob.typing(ALICE);
      node.awaitEvent(account, NodeEvent.TYPING, t -> BOB.equals(t.getString("from")) && "composing".equals(t.getString("state")));
      node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", BOB).put("state", "composing"));
      bob.awaitTyping(ALICE);

      node.command(NodeCommand.SET_PRESENCE, account, new JsonObject().put("show", "away"));
      bob.awaitStatus(ALICE, "AWY");

      bob.close();
      node.awaitEvent(account, NodeEvent.PRESENCE, p -> BOB.equals(p.getString("jid")) && !p.getBoolean("available"));
    }
  }

  @Test
  void aFriendlyNameChangedWhileOnlineUpdatesTheContact() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      String account = aliceSignedInSeeingBob(NodeHarness.fastConfig(server)).account();

      bob.rename("Bobby Brown ☀");
      JsonObject updated = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, u -> BOB.equals(u.getJsonObject("contact").getString("jid")));
      assertEquals("Bobby Brown ☀", updated.getJsonObject("contact").getString("name"));
      assertEquals(new JsonArray().add("Friends"), updated.getJsonObject("contact").getJsonArray("groups"));
      assertEquals("both", updated.getJsonObject("contact").getString("subscription"));
      // The NLN that carried the name also says Bob is still there.
      node.awaitEvent(account, NodeEvent.PRESENCE, p -> BOB.equals(p.getString("jid")) && p.getBoolean("available"));
    }
  }

  @Test
  void md5SignInWithTheOldListFormatAndAPeerWhoOpensTheConversation() {
    server.speak("MSNP7");
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      node(NodeHarness.fastConfig(server));
      String account = NodeProbe.newAccountId();
      JsonObject roster = node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
      assertEquals(new JsonArray().add("Friends"), contact(roster, BOB).getJsonArray("groups"));
      node.awaitEvent(account, NodeEvent.PRESENCE, p -> BOB.equals(p.getString("jid")) && p.getBoolean("available"));
      // Bob opens it (RNG to Parley, which answers ANS); Parley's reply goes on that switchboard.
      bob.say(ALICE, "are you there?");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, m -> "are you there?".equals(m.getString("text")));
      send(account, BOB, "yes");
      assertEquals("yes", bob.awaitMessage(ALICE));
    }
  }

  @Test
  void aWrongPasswordFailsInWordsWithEitherSignIn() {
    node(NodeHarness.fastConfig(server));
    for (String version : List.of("MSNP8", "MSNP7")) {
      server.speak(version);
      String account = NodeProbe.newAccountId();
      node.connect(NodeHarness.connectCommand(account, ALICE, "wrong", server));
      JsonObject failed = node.awaitState(account, "failed");
      assertEquals(FailureCode.IM_AUTH_FAILED.name(), failed.getJsonObject("error").getString("code"), version);
      assertEquals("The MSN server refused the e-mail address or password.", failed.getJsonObject("error").getString("text"));
    }
  }

  @Test
  void thePassportLoginOverHttpsTrustsOnlyTheConfiguredCertificate() {
    // A TLS client's first handshake can take seconds on a busy machine: longer waits than the other tests.
    node(NodeHarness.fastConfig(server).put("loginUrl", server.loginUrlHttps()).put("trustedCertificate", server.certificatePath())
        .put("connectTimeoutSeconds", 20).put("answerTimeoutSeconds", 20));
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    NodeProbe.await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));

    node(NodeHarness.fastConfig(server).put("loginUrl", server.loginUrlHttps()).put("connectTimeoutSeconds", 20)
        .put("answerTimeoutSeconds", 20));
    String untrusted = NodeProbe.newAccountId();
    node.connect(NodeHarness.connectCommand(untrusted, ALICE, "secret", server));
    JsonObject failed = node.awaitState(untrusted, "failed");
    assertEquals(FailureCode.IM_UNREACHABLE.name(), failed.getJsonObject("error").getString("code"));
    assertTrue(failed.getJsonObject("error").getString("text").startsWith("The MSN Passport login service at "
        + server.loginUrlHttps() + " could not be reached"), failed.toString());
  }

  @Test
  void aServerErrorAtSignInIsShownWithItsNumberAndRetriedOnlyWhenItPasses() {
    node(NodeHarness.fastConfig(server));
    // A first connect is never retried (docs/bus-contract.md): the page shows why, number included.
    server.refuseSignIns(600, 1);
    String first = NodeProbe.newAccountId();
    node.connect(NodeHarness.connectCommand(first, ALICE, "secret", server));
    JsonObject busy = node.awaitState(first, "failed");
    assertEquals(FailureCode.IM_ERROR.name(), busy.getJsonObject("error").getString("code"));
    assertEquals("The MSN server refused the sign-in: the server is busy (error 600).", busy.getJsonObject("error").getString("text"));

    // Online, then the connection breaks and the server is too busy twice: reconnecting with the number, then back.
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    server.refuseSignIns(910, 2);
    server.sendGarbage(ALICE);
    node.awaitState(account, "reconnecting");
    JsonObject tooBusy = node.awaitState(account, "reconnecting");
    assertEquals(FailureCode.IM_ERROR.name(), tooBusy.getJsonObject("error").getString("code"));
    assertEquals("The MSN server refused the sign-in: the server is too busy (error 910).",
        tooBusy.getJsonObject("error").getString("text"));
    node.awaitState(account, "connected");

    // An error that does not pass (the account is not verified) ends it: failed, and no further sign-in.
    server.refuseSignIns(924, 1);
    server.sendGarbage(ALICE);
    JsonObject refused = node.awaitState(account, "failed");
    assertEquals(FailureCode.IM_AUTH_FAILED.name(), refused.getJsonObject("error").getString("code"));
    assertEquals("The MSN server refused the sign-in: the Passport account's e-mail address is not yet verified (error 924).",
        refused.getJsonObject("error").getString("text"));
    int attempts = server.signInAttempts();
    sleep(4_000); // twice the longest backoff of this configuration
    assertEquals(attempts, server.signInAttempts(), "no sign-in after a refusal that does not pass");
  }

  @Test
  void theOldestVersionMsnp2SignsInWithMd5ListsContactsWithoutGroupsAndChatsBothWays() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      // Bob stays on the MSNP7 he signed in with; Parley's sign-in finds a server that speaks only MSNP2.
      server.speak("MSNP2");
      SignedIn alice = aliceSignedInSeeingBob(NodeHarness.fastConfig(server));
      String account = alice.account();
      assertEquals(new JsonArray(), alice.bob().getJsonArray("groups"), "MSNP2 has no groups");
      assertEquals("both", alice.bob().getString("subscription"));
      chatBothWays(account, bob, "hello from MSNP2");

      // A contact added with a group goes on the list without one: there are none to put it in.
      node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", CAROL).put("name", "Carol C").put("group", "Work"));
      JsonObject added = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, u -> CAROL.equals(u.getJsonObject("contact").getString("jid")));
      assertEquals(new JsonArray(), added.getJsonObject("contact").getJsonArray("groups"));
      assertTrue(server.onList(ALICE, CAROL, "FL"));
      assertTrue(server.onList(ALICE, CAROL, "AL"));
    }
  }

  @Test
  void msnp9SignsInWithPassportListsContactsAndChatsBothWays() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      server.speak("MSNP9");
      SignedIn alice = aliceSignedInSeeingBob(NodeHarness.fastConfig(server).put("pingSeconds", 1));
      String account = alice.account();
      assertEquals(new JsonArray().add("Friends"), alice.bob().getJsonArray("groups"));
      chatBothWays(account, bob, "hello from MSNP9");
      // MSNP9's QNG names the next ping's seconds: still an answer to the keepalive.
      long deadline = System.currentTimeMillis() + 10_000;
      while (server.pings() < 2 && System.currentTimeMillis() < deadline) {
        sleep(100);
      }
      assertTrue(server.pings() >= 2, "pings: " + server.pings());
      assertTrue(node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream().noneMatch(e -> "reconnecting".equals(e.getString("state"))));
    }
  }

  @Test
  void aServerWithNoVersionInCommonIsRefusedInWords() {
    // MSNP10 brought another list format (N=, F=, C= and group GUIDs) that Parley does not speak.
    server.speak("MSNP10", "MSNP11");
    node(NodeHarness.fastConfig(server));
    String account = NodeProbe.newAccountId();
    node.connect(NodeHarness.connectCommand(account, ALICE, "secret", server));
    JsonObject failed = node.awaitState(account, "failed");
    assertEquals(FailureCode.IM_ERROR.name(), failed.getJsonObject("error").getString("code"));
    assertTrue(failed.getJsonObject("error").getString("text").startsWith("The MSN server speaks none of the protocol versions"),
        failed.toString());
  }

  @Test
  void aNotificationServerRedirectIsFollowed() {
    server.redirectNextSignIn();
    node(NodeHarness.fastConfig(server));
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    assertEquals(1, server.signInsAtSecondServer());
  }

  @Test
  void addedYouIsAskedOnThePageAndTheAnswerGoesOnTheLists() {
    node(NodeHarness.fastConfig(server));
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    try (MsnPeer carol = MsnPeer.signIn(vertx, server, CAROL, "carolpw")) {
      carol.addContact(ALICE);
      node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, r -> CAROL.equals(r.getString("from")));
      node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", CAROL).put("approve", true));
      assertTrue(server.onList(ALICE, CAROL, "AL"));

      node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", CAROL).put("name", "Carol C").put("group", "Work"));
      JsonObject updated = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, u -> CAROL.equals(u.getJsonObject("contact").getString("jid")));
      assertEquals(new JsonArray().add("Work"), updated.getJsonObject("contact").getJsonArray("groups"));
      assertTrue(server.onList(ALICE, CAROL, "FL"));
      carol.awaitAddedBy(ALICE);
      node.awaitEvent(account, NodeEvent.PRESENCE, p -> CAROL.equals(p.getString("jid")) && p.getBoolean("available"));

      node.command(NodeCommand.REMOVE_CONTACT, account, new JsonObject().put("jid", CAROL));
      node.awaitEvent(account, NodeEvent.CONTACT_REMOVED, r -> CAROL.equals(r.getString("jid")));
      assertTrue(!server.onList(ALICE, CAROL, "FL"));
    }
    // A request that came while Parley was away is asked at sign-in.
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      server.addUser("dave@hotmail.com", "davepw");
      try (MsnPeer dave = MsnPeer.signIn(vertx, server, "dave@hotmail.com", "davepw")) {
        dave.addContact(ALICE);
      }
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      String again = NodeProbe.newAccountId();
      node.connectAndAwaitRoster(NodeHarness.connectCommand(again, ALICE, "secret", server));
      node.awaitEvent(again, NodeEvent.SUBSCRIPTION_REQUEST, r -> "dave@hotmail.com".equals(r.getString("from")));
      node.command(NodeCommand.ANSWER_SUBSCRIPTION, again, new JsonObject().put("jid", "dave@hotmail.com").put("approve", false));
      assertTrue(server.onList(ALICE, "dave@hotmail.com", "BL"));
    }
  }

  @Test
  void messagesToSomeoneOfflineOrOnADroppedSwitchboardFailOrReopenInWords() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      node(NodeHarness.fastConfig(server));
      String account = NodeProbe.newAccountId();
      node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
      ReplyException offline = sendRefused(account, CAROL, "hello?");
      NodeProbe.assertFailure(offline, FailureCode.IM_ERROR);
      assertEquals(CAROL + " is not signed in to MSN, and MSN cannot deliver messages to someone who is offline.", offline.getMessage());

      send(account, BOB, "one");
      assertEquals("one", bob.awaitMessage(ALICE));
      server.dropSwitchboards();
      // The switchboard that dropped is forgotten; the next message opens another.
      long deadline = System.currentTimeMillis() + 10_000;
      while (server.openSwitchboards() > 0 && System.currentTimeMillis() < deadline) {
        sleep(50);
      }
      send(account, BOB, "two");
      assertEquals("two", bob.awaitMessage(ALICE));
    }
  }

  @Test
  void aMessageTheSwitchboardRefusesFailsInWordsAndIsNotSent() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      String account = aliceSignedInSeeingBob(NodeHarness.fastConfig(server)).account();
      send(account, BOB, "first");
      assertEquals("first", bob.awaitMessage(ALICE));

      server.nakNextMessage();
      ReplyException refused = sendRefused(account, BOB, "lost");
      NodeProbe.assertFailure(refused, FailureCode.IM_ERROR);
      assertEquals(BOB + " did not receive the message: the MSN switchboard could not deliver it (NAK).", refused.getMessage());

      // The conversation goes on: the next message is delivered, and the refused one never arrived.
      send(account, BOB, "after the NAK");
      assertEquals("after the NAK", bob.awaitMessage(ALICE));
      assertTrue(server.carried().stream().noneMatch(c -> "lost".equals(c.mime().body())), server.carried().toString());
    }
  }

  @Test
  void anIdleSwitchboardIsLeftAndTheNextMessageOpensAnother() {
    try (MsnPeer bob = MsnPeer.signIn(vertx, server, BOB, "bobpw")) {
      node(NodeHarness.fastConfig(server).put("switchboardIdleSeconds", 5));
      String account = NodeProbe.newAccountId();
      node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
      send(account, BOB, "before the pause");
      assertEquals("before the pause", bob.awaitMessage(ALICE));
      assertEquals(2, server.openSwitchboards());
      long deadline = System.currentTimeMillis() + 15_000;
      while (server.openSwitchboards() > 1 && System.currentTimeMillis() < deadline) {
        sleep(100);
      }
      assertEquals(1, server.openSwitchboards(), "Parley left the idle switchboard; only Bob's side is still in it");
      send(account, BOB, "after the pause");
      assertEquals("after the pause", bob.awaitMessage(ALICE));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void garbageAKilledServerAndASilentOneAreReconnectedFrom() {
    JsonObject config = NodeHarness.fastConfig(server).put("pingSeconds", 5).put("answerTimeoutSeconds", 2);
    node(config);
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));

    server.sendGarbage(ALICE);
    JsonObject garbled = node.awaitState(account, "reconnecting");
    assertTrue(garbled.getJsonObject("error").getString("text").startsWith("The MSN server sent data Parley could not read"),
        garbled.toString());
    node.awaitState(account, "connected");

    server.kill();
    JsonObject lost = node.awaitState(account, "reconnecting");
    assertEquals(FailureCode.IM_CONNECTION_LOST.name(), lost.getJsonObject("error").getString("code"));
    server.restart();
    node.awaitState(account, "connected");

    server.stopAnswering(true);
    JsonObject silent = node.awaitState(account, "reconnecting");
    assertEquals("The MSN server stopped answering; reconnecting.", silent.getJsonObject("error").getString("text"));
    server.stopAnswering(false);
    node.awaitState(account, "connected");
  }

  @Test
  void badInputIsRefusedInWords() {
    node(NodeHarness.fastConfig(server));
    ReplyException login = node.failure(Addresses.nodeConnect(MsnNetwork.ID),
        NodeHarness.connectCommand(NodeProbe.newAccountId(), "alice", "secret", server));
    NodeProbe.assertFailure(login, FailureCode.INVALID_JID);
    assertTrue(login.getMessage().contains("e-mail address"), login.getMessage());
    String account = NodeProbe.newAccountId();
    node.connectAndAwaitRoster(NodeHarness.connectCommand(account, ALICE, "secret", server));
    ReplyException to = sendRefused(account, "bob\r\nOUT", "x");
    NodeProbe.assertFailure(to, FailureCode.INVALID_JID);
  }
}
