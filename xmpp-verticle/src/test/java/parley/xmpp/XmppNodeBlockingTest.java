package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * Blocking (XEP-0191) and the server's features on {@code connection-state}, against a real
 * Prosody with a plain Smack client as the blocked stranger; {@link XmppNodeBlockingEjabberdTest}
 * runs them against ejabberd.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeBlockingTest {
  private static final String PASSWORD = "correct horse";
  private static final AtomicInteger users = new AtomicInteger();
  static XmppTestServer server;

  private NodeHarness node;

  /** The server the tests run against, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer() {
    return new ProsodyServer();
  }

  @BeforeAll
  void startServer() {
    server = newServer().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    node = new NodeHarness(vertx, NodeHarness.fastConfig());
  }

  private static String newUser(String name) {
    String user = name + users.incrementAndGet();
    server.createUser(user, PASSWORD);
    return user;
  }

  @Test
  void theConnectedStateSaysWhatTheServerOffers() {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, newUser("alice"), PASSWORD);
    JsonArray features = node.eventsOf(account, NodeEvent.CONNECTION_STATE).stream()
        .filter(e -> ConnectionState.CONNECTED.equals(e.getString("state"))).findFirst().orElseThrow()
        .getJsonArray("features");
    assertTrue(features.contains("blocking"), () -> "features " + features);
    assertTrue(features.contains("carbons"), () -> "features " + features);
  }

  @Test
  void aBlockedStrangersMessagesAreNotDeliveredUntilUnblocked() throws Exception {
    String account = NodeHarness.newAccountId();
    String alice = newUser("alice");
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    assertEquals(new JsonArray(), node.awaitEvent(account, NodeEvent.BLOCKLIST, e -> true).getJsonArray("jids"));
    try (Peer mallory = Peer.login(server, newUser("mallory"), PASSWORD)) {
      assertBlockedUntilUnblocked(account, alice, mallory);
    }
  }

  @Test
  void aBlockedContactOnTheRosterIsNotDeliveredUntilUnblocked() throws Exception {
    String account = NodeHarness.newAccountId();
    String alice = newUser("alice");
    node.connectAndAwaitRoster(account, server, alice, PASSWORD);
    node.awaitEvent(account, NodeEvent.BLOCKLIST, e -> true);
    try (Peer bob = Peer.login(server, newUser("bob"), PASSWORD)) {
      node.befriendBothWays(account, server, alice, bob);
      bob.sendMessage(server.jid(alice), "before blocking");
      node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "before blocking".equals(e.getString("text")));
      assertBlockedUntilUnblocked(account, alice, bob);
    }
  }

  /** The account blocks the peer, who writes; unblocks, who writes again: only the second arrives. */
  private void assertBlockedUntilUnblocked(String account, String alice, Peer peer) throws Exception {
    node.command(NodeCommand.BLOCK, account, new JsonObject().put("jid", peer.jid));
    node.awaitEvent(account, NodeEvent.BLOCKLIST, e -> e.getJsonArray("jids").equals(new JsonArray().add(peer.jid)));

    String aliceJid = server.jid(alice);
    peer.sendMessage(aliceJid, "while blocked");
    node.command(NodeCommand.UNBLOCK, account, new JsonObject().put("jid", peer.jid));
    node.awaitEvent(account, NodeEvent.BLOCKLIST, e -> e.getJsonArray("jids").isEmpty());
    peer.sendMessage(aliceJid, "after unblocking");

    node.awaitEvent(account, NodeEvent.MESSAGE_RECEIVED, e -> "after unblocking".equals(e.getString("text")));
    // The server handled the first before the second: had it delivered it, it would be here already.
    assertTrue(node.eventsOf(account, NodeEvent.MESSAGE_RECEIVED).stream()
        .noneMatch(e -> "while blocked".equals(e.getString("text"))), "the blocked message was delivered");
  }

  @Test
  void aBadJidIsRefusedInWords() {
    String account = NodeHarness.newAccountId();
    node.connectAndAwaitRoster(account, server, newUser("alice"), PASSWORD);
    NodeHarness.assertFailure(node.failure(Addresses.node(node.nodeId),
        new JsonObject().put("type", NodeCommand.BLOCK).put("accountId", account).put("jid", "not a jid")),
        FailureCode.INVALID_JID);
  }
}
