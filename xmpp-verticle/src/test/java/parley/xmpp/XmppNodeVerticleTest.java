package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * The node against a real Prosody, with a plain Smack client as the other person;
 * {@link XmppNodeVerticleEjabberdTest} runs the same tests against ejabberd.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeVerticleTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  /** The server under test: Prosody here, ejabberd in the subclass. */
  static XmppTestServer prosody;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer();
  }

  @BeforeAll
  void startServer() {
    prosody = newServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (prosody != null) {
      prosody.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  /** A fresh user, so that tests do not see each other's rosters. */
  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    prosody.createUser(user, PASSWORD);
    return user;
  }

  @Test
  void connectReportsConnectingThenConnectedAndTheRoster() {
    String account = NodeHarness.newAccountId();
    JsonObject reply = node.connect(node.connectCommand(account, prosody, newUser("alice"), PASSWORD));
    assertEquals(node.nodeId, reply.getString("nodeId"));

    JsonObject connecting = node.awaitState(account, "connecting");
    assertEquals(node.nodeId, connecting.getString("nodeId"));
    assertEquals("user-" + account, connecting.getString("userId"));
    node.awaitState(account, "connected");
    JsonObject roster = node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
    assertEquals(new JsonArray(), roster.getJsonArray("contacts"));

    JsonObject ping = node.command(NodeCommand.PING, null, new JsonObject());
    assertEquals(node.nodeId, ping.getString("nodeId"));
    assertEquals(new JsonArray().add(account), ping.getJsonArray("accounts"));
  }

  @Test
  void addedContactApprovesAndItsPresenceArrives() throws Exception {
    String alice = newUser("alice");
    String bob = newUser("bob");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, bob, PASSWORD)) {
      node.command(NodeCommand.ADD_CONTACT, account,
          new JsonObject().put("jid", peer.jid).put("name", "Bob").put("group", "Friends"));
      JsonObject added = node.awaitEvent(account, NodeEvent.CONTACT_UPDATED,
          e -> e.getJsonObject("contact").getString("jid").equals(peer.jid)).getJsonObject("contact");
      assertEquals("Bob", added.getString("name"));
      assertEquals(new JsonArray().add("Friends"), added.getJsonArray("groups"));

      peer.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, prosody.jid(alice)));
      peer.sendPresence(Presence.Type.subscribed, prosody.jid(alice));
      node.awaitEvent(account, NodeEvent.CONTACT_UPDATED,
          e -> e.getJsonObject("contact").getString("subscription").equals("to"));

      peer.setPresence(Presence.Mode.away, "lunch");
      JsonObject presence = node.awaitEvent(account, NodeEvent.PRESENCE,
          e -> e.getString("jid").equals(peer.jid) && "away".equals(e.getString("show")));
      assertTrue(presence.getBoolean("available"));
      assertEquals("lunch", presence.getString("status"));

      peer.connection.disconnect();
      JsonObject offline = node.awaitEvent(account, NodeEvent.PRESENCE,
          e -> e.getString("jid").equals(peer.jid) && !e.getBoolean("available"));
      assertEquals("offline", offline.getString("show"));

      // The contact is in the full roster of the next connection too.
      node.command(NodeCommand.DISCONNECT, account, new JsonObject());
      node.awaitState(account, "disconnected");
      JsonObject roster = node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
      JsonObject contact = roster.getJsonArray("contacts").getJsonObject(0);
      assertEquals(peer.jid, contact.getString("jid"));
      assertEquals("to", contact.getString("subscription"));
      assertEquals(new JsonArray().add("Friends"), contact.getJsonArray("groups"));
    }
  }

  @Test
  void messagesGoBothWays() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", peer.jid).put("text", "hello bob")));
      Message got = peer.awaitMessage(m -> m.getBody() != null);
      assertEquals("hello bob", got.getBody());
      assertTrue(Peer.from(got, prosody.jid(alice)));

      long before = System.currentTimeMillis();
      peer.sendMessage(prosody.jid(alice), "hi alice");
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals(peer.jid, in.getString("from"));
      assertEquals("hi alice", in.getString("text"));
      assertTrue(in.getLong("ts") >= before - 1000);
    }
  }

  @Test
  void typingNotificationsGoBothWays() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      node.command(NodeCommand.SEND_TYPING, account, new JsonObject().put("to", peer.jid).put("state", "composing"));
      Message composing = peer.awaitMessage(m -> Peer.chatState(m) != null);
      assertEquals(ChatState.composing, Peer.chatState(composing));
      assertEquals(null, composing.getBody());

      peer.sendChatState(prosody.jid(alice), ChatState.composing);
      JsonObject typing = node.awaitEvent(account, NodeEvent.TYPING, e -> true);
      assertEquals(peer.jid, typing.getString("from"));
      assertEquals("composing", typing.getString("state"));
      peer.sendChatState(prosody.jid(alice), ChatState.paused);
      assertEquals("paused", node.awaitEvent(account, NodeEvent.TYPING, e -> true).getString("state"));
      // A bodyless typing notification is never a message.
      assertTrue(node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).isEmpty());
    }
  }

  @Test
  void approvedSubscriptionLetsThePeerSeeOwnPresence() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("carol"), PASSWORD)) {
      peer.sendPresence(Presence.Type.subscribe, prosody.jid(alice));
      JsonObject request = node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, e -> true);
      assertEquals(peer.jid, request.getString("from"));

      node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", peer.jid).put("approve", true));
      peer.awaitPresence(p -> p.getType() == Presence.Type.subscribed && Peer.from(p, prosody.jid(alice)));
      // Approving also asks to see the peer.
      peer.awaitPresence(p -> p.getType() == Presence.Type.subscribe && Peer.from(p, prosody.jid(alice)));
      node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> e.getJsonObject("contact").getString("jid").equals(peer.jid));

      node.command(NodeCommand.SET_PRESENCE, account, new JsonObject().put("show", "dnd").put("status", "busy"));
      Presence seen = peer.awaitPresence(p -> Peer.from(p, prosody.jid(alice)) && p.getMode() == Presence.Mode.dnd);
      assertEquals("busy", seen.getStatus());
    }
  }

  @Test
  void deniedSubscriptionIsRefused() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("mallory"), PASSWORD)) {
      peer.sendPresence(Presence.Type.subscribe, prosody.jid(alice));
      node.awaitEvent(account, NodeEvent.SUBSCRIPTION_REQUEST, e -> e.getString("from").equals(peer.jid));
      node.command(NodeCommand.ANSWER_SUBSCRIPTION, account, new JsonObject().put("jid", peer.jid).put("approve", false));
      peer.awaitPresence(p -> p.getType() == Presence.Type.unsubscribed && Peer.from(p, prosody.jid(alice)));
    }
  }

  @Test
  void removedContactIsReported() {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, newUser("alice"), PASSWORD);
    String dave = prosody.jid(newUser("dave"));
    node.command(NodeCommand.ADD_CONTACT, account, new JsonObject().put("jid", dave));
    node.awaitEvent(account, NodeEvent.CONTACT_UPDATED, e -> e.getJsonObject("contact").getString("jid").equals(dave));
    node.command(NodeCommand.REMOVE_CONTACT, account, new JsonObject().put("jid", dave));
    assertEquals(dave, node.awaitEvent(account, NodeEvent.CONTACT_REMOVED, e -> true).getString("jid"));
  }

  @Test
  void disconnectClosesAndReportsDisconnected() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    assertEquals(new JsonObject(), node.command(NodeCommand.DISCONNECT, account, new JsonObject()));
    node.awaitState(account, "disconnected");
    assertEquals(new JsonArray(), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
  }

  /**
   * A disconnect and a connect at once, as a person's "disconnect, connect" reaches the same node:
   * each connection's events carry the connection id its connect named, so the session can tell the
   * old one's close from the new one's states.
   */
  @Test
  void eachConnectionsEventsCarryItsConnectionId() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(node.connectCommand(account, prosody, alice, PASSWORD).put("connectionId", "first"));
    node.command(NodeCommand.DISCONNECT, account, new JsonObject());
    node.connectAndAwaitRoster(node.connectCommand(account, prosody, alice, PASSWORD).put("connectionId", "second"));
    assertEquals(List.of("connecting first", "connected first", "disconnected first", "connecting second", "connected second"),
        node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
            .map(e -> e.getString("state") + " " + e.getString("connectionId")).toList());
    assertEquals(List.of("first", "second"), node.eventsOf(account, NodeEvent.ROSTER).stream()
        .map(e -> e.getString("connectionId")).toList(), "every event of the connection, not only its states");
  }

  @Test
  void anAccountLoggingInAgainSkipsTheKeyDerivation() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    long derived = SaltedPasswords.SHARED.derivations();
    node.command(NodeCommand.DISCONNECT, account, new JsonObject());
    node.awaitState(account, "disconnected");
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    assertEquals(derived, SaltedPasswords.SHARED.derivations(), "the kept salted password was used");
  }

  @Test
  void connectForAHeldAccountReplacesTheConnection() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    assertEquals(new JsonArray().add(account), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
    assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, account,
        new JsonObject().put("to", prosody.jid(alice)).put("text", "note to self")));
    assertFalse(node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .anyMatch(e -> e.getString("state").equals("disconnected")), "the old connection closes silently");
  }

  @Test
  void messageFromPeerWhileOfflineArrivesWithItsTime() throws Exception {
    String alice = newUser("alice");
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      peer.sendMessage(prosody.jid(alice), "while you were away");
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
      JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
      assertEquals("while you were away", in.getString("text"));
      assertNotNull(in.getLong("ts"));
    }
  }

  @Test
  void aServerWithoutArchiveSaysSo() {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    JsonObject synced = node.awaitEvent(account, NodeEvent.ARCHIVE_SYNCED, e -> true);
    assertFalse(synced.getBoolean("available"), synced.toString());
  }
}
