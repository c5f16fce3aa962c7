package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/** Text a stream cannot carry, bounced messages and the times of delayed ones, against a real Prosody. */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeHardeningTest {
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

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    prosody.createUser(user, PASSWORD);
    return user;
  }

  private ReplyException refused(String account, String type, JsonObject fields) {
    return node.failure(Addresses.node(node.nodeId), fields.copy().put("type", type).put("accountId", account));
  }

  @Test
  void textAStreamCannotCarryIsRefusedAndTheConnectionStays() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      ReplyException status = refused(account, NodeCommand.SET_PRESENCE,
          new JsonObject().put("show", "away").put("status", "back\u000Bsoon"));
      NodeHarness.assertFailure(status, FailureCode.INVALID_FIELD);
      assertEquals("The status contains a character that cannot be sent (U+000B at position 5).", status.getMessage());
      ReplyException nul = refused(account, NodeCommand.SEND_MESSAGE,
          new JsonObject().put("to", peer.jid).put("text", "a\u0000b").put("messageId", "7"));
      NodeHarness.assertFailure(nul, FailureCode.INVALID_FIELD);
      assertEquals("The message contains a character that cannot be sent (U+0000 at position 2).", nul.getMessage());
      NodeHarness.assertFailure(refused(account, NodeCommand.SEND_MESSAGE,
          new JsonObject().put("to", peer.jid).put("text", "\uD800")), FailureCode.INVALID_FIELD);
      NodeHarness.assertFailure(refused(account, NodeCommand.ADD_CONTACT,
          new JsonObject().put("jid", peer.jid).put("name", "B\u0001b")), FailureCode.INVALID_FIELD);
      NodeHarness.assertFailure(refused(account, NodeCommand.ADD_CONTACT,
          new JsonObject().put("jid", peer.jid).put("group", "\uFFFE")), FailureCode.INVALID_FIELD);

      // The stream was never broken: the next message arrives and the account never left "connected".
      node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", peer.jid).put("text", "still here"));
      assertEquals("still here", peer.awaitMessage(m -> m.getBody() != null).getBody());
      Thread.sleep(1500);
      assertEquals(2, node.eventsOf(account, NodeEvent.CONNECTION_STATE).size(), () -> "only connecting and connected: "
          + node.eventsOf(account, NodeEvent.CONNECTION_STATE));
    }
  }

  @Test
  void aConnectWhosePresenceCannotBeCarriedIsRefused() {
    JsonObject connect = node.connectCommand(NodeHarness.newAccountId(), prosody, newUser("alice"), PASSWORD)
        .put("presence", new JsonObject().put("show", "away").put("status", "\u0000"));
    ReplyException e = node.failure(Addresses.nodeConnect(XmppNetwork.ID), connect);
    NodeHarness.assertFailure(e, FailureCode.INVALID_FIELD);
    assertTrue(e.getMessage().startsWith("The status contains"), e.getMessage());
  }

  @Test
  void aMessageToAUserOrDomainThatDoesNotExistFailsWithItsId() throws Exception {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, newUser("alice"), PASSWORD);

    String nobody = prosody.jid("nobody");
    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", nobody).put("text", "hello?")
        .put("messageId", "41"));
    JsonObject noUser = node.awaitEvent(account, NodeEvent.MESSAGE_FAILED, e -> "41".equals(e.getString("messageId")));
    assertEquals(nobody, noUser.getString("to"));
    assertEquals(FailureCode.IM_ERROR.name(), noUser.getJsonObject("error").getString("code"));
    assertEquals(nobody + " does not exist or cannot receive messages.", noUser.getJsonObject("error").getString("text"));

    node.command(NodeCommand.SEND_MESSAGE, account, new JsonObject().put("to", "someone@nonexistent.invalid")
        .put("text", "hello?").put("messageId", "42"));
    JsonObject noDomain = node.awaitEvent(account, NodeEvent.MESSAGE_FAILED, e -> "42".equals(e.getString("messageId")));
    assertEquals("someone@nonexistent.invalid", noDomain.getString("to"));
    assertEquals(FailureCode.IM_ERROR.name(), noDomain.getJsonObject("error").getString("code"));
    assertTrue(noDomain.getJsonObject("error").getString("text").startsWith("someone@nonexistent.invalid could not be reached"),
        noDomain::encode);
    assertEquals(2, node.eventsOf(account, NodeEvent.MESSAGE_FAILED).size());
    assertTrue(node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).isEmpty(), "a bounce is not a message");
  }

  @Test
  void aMessageKeptWhileOfflineCarriesTheTimeItWasSent() throws Exception {
    String alice = newUser("alice");
    long sentAt;
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      sentAt = System.currentTimeMillis();
      peer.sendMessage(prosody.jid(alice), "while you were away");
      // The delay stamp has whole seconds: wait long enough that the arrival time cannot pass for it.
      Thread.sleep(3000);
    }
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    JsonObject in = node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> true);
    assertEquals("while you were away", in.getString("text"));
    long ts = in.getLong("ts");
    assertTrue(ts >= sentAt / 1000 * 1000 && ts <= sentAt + 1000,
        () -> "ts " + ts + " is the time the message was sent (" + sentAt + "), to the second");
  }

  @Test
  void aPeerMessageWithAnErrorFromElsewhereIsNotMistakenForABounce() throws Exception {
    String alice = newUser("alice");
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, prosody, alice, PASSWORD);
    try (Peer peer = Peer.login(prosody, newUser("bob"), PASSWORD)) {
      peer.connection.sendStanza(peer.connection.getStanzaFactory().buildMessageStanza()
          .to(org.jxmpp.jid.impl.JidCreate.from(prosody.jid(alice))).ofType(Message.Type.error).build());
      peer.sendMessage(prosody.jid(alice), "after");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "after".equals(e.getString("text")));
      assertTrue(node.eventsOf(account, NodeEvent.MESSAGE_FAILED).isEmpty());
    }
  }

  @Test
  void aConnectionTheServerEndsRightAfterSignInEveryTimeStopsRetryingAndSaysWhy() throws Exception {
    String alice = newUser("alice");
    try (StreamBreakingProxy proxy = new StreamBreakingProxy(prosody.host(), prosody.port())) {
      String account = NodeHarness.newAccountId();
      node.connect(node.connectCommand(account, prosody, alice, PASSWORD).put("port", proxy.port()));
      JsonObject failed = node.awaitState(account, "failed");
      JsonObject error = failed.getJsonObject("error");
      assertEquals(FailureCode.IM_ERROR.name(), error.getString("code"), error::encode);
      assertEquals("The IM server reported an error (not-well-formed). This happened 5 times in a row right after"
          + " signing in, so Parley stopped trying; connect the account again to retry.", error.getString("text"));
      // Connected and lost four times, the fifth is the last.
      assertEquals(4, node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
          .filter(e -> "reconnecting".equals(e.getString("state"))).count());
      int tries = proxy.connections.get();
      assertEquals(5, tries);
      Thread.sleep(3000);
      assertEquals(tries, proxy.connections.get(), "no more tries after giving up");
      assertEquals(new io.vertx.core.json.JsonArray(),
          node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
    }
  }
}
