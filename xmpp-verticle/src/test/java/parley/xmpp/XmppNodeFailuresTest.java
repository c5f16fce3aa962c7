package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
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
import parley.contract.testing.RefusedPort;
import parley.xmpp.testing.ProsodyServer;
import parley.xmpp.testing.XmppTestServer;

/**
 * What the user sees when things go wrong: login failures, lost servers, bad commands; against
 * Prosody here, against ejabberd in {@link XmppNodeFailuresEjabberdTest}.
 */
@ExtendWith(VertxExtension.class)
// One instance per class, so that the server is started by an instance method a subclass overrides: JUnit runs a
// superclass's static @BeforeAll even when a subclass hides it, which would start (and leak) a Prosody as well.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmppNodeFailuresTest {
  private static final String PASSWORD = "correct horse";
  /** The server under test: Prosody here, ejabberd in the subclass. */
  static XmppTestServer prosody;

  private NodeHarness node;

  /** Starts the server the tests share (of the kind {@link #newServer} makes), with the user alice. */
  @BeforeAll
  void startServer() {
    prosody = newServer(false).start();
    prosody.createUser("alice", PASSWORD);
  }

  /** A server of the kind under test, not started yet: Prosody here, ejabberd in the subclass. */
  XmppTestServer newServer(boolean tls) {
    return new ProsodyServer(ProsodyServer.DEFAULT_DOMAIN, tls);
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

  private JsonObject awaitFailed(String account, FailureCode code) {
    node.awaitState(account, "connecting");
    JsonObject failed = node.awaitState(account, "failed");
    JsonObject error = failed.getJsonObject("error");
    assertEquals(code.name(), error.getString("code"), () -> "error of " + failed);
    assertTrue(error.getString("text").length() > 10, "a sentence for people");
    return error;
  }

  @Test
  void wrongPasswordFailsAndIsNotRetried() throws Exception {
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, prosody, "alice", "wrong password"));
    JsonObject error = awaitFailed(account, FailureCode.IM_AUTH_FAILED);
    assertEquals(FailureCode.IM_AUTH_FAILED.defaultText(), error.getString("text"));
    assertEquals(new JsonArray(), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
    // A retry would come after reconnectMinSeconds (1 s): give it twice that, and see none.
    Thread.sleep(2500);
    assertEquals(2, node.eventsOf(account, NodeEvent.CONNECTION_STATE).size());
  }

  @Test
  void deadPortIsUnreachable() {
    String account = NodeHarness.newAccountId();
    try (RefusedPort refused = new RefusedPort()) {
      node.connect(node.connectCommand(account, prosody, "alice", PASSWORD).put("port", refused.port()));
      JsonObject error = awaitFailed(account, FailureCode.IM_UNREACHABLE);
      assertTrue(error.getString("text").contains("127.0.0.1"), error::encode);
    }
  }

  @Test
  void requiredTlsAgainstAServerWithoutTlsFails() {
    String account = NodeHarness.newAccountId();
    node.connect(node.connectCommand(account, prosody, "alice", PASSWORD).put("tls", "required"));
    awaitFailed(account, FailureCode.IM_TLS_FAILED);
  }

  @Test
  void lostServerIsReconnectedWhenItComesBack() {
    try (XmppTestServer own = newServer(false).start()) {
      own.createUser("bob", PASSWORD);
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, own, "bob", PASSWORD);

      own.restart();
      JsonObject reconnecting = node.awaitState(account, "reconnecting");
      assertEquals(FailureCode.IM_CONNECTION_LOST.name(), reconnecting.getJsonObject("error").getString("code"));
      node.awaitState(account, "connected");
      node.awaitEvent(account, NodeEvent.ROSTER, e -> true);
      assertEquals(new JsonObject(), node.command(NodeCommand.SEND_MESSAGE, account,
          new JsonObject().put("to", own.jid("bob")).put("text", "still here")));
    }
  }

  @Test
  void serverDownForLongerKeepsReconnecting() {
    try (XmppTestServer own = newServer(false).start()) {
      own.createUser("bob", PASSWORD);
      String account = NodeHarness.newAccountId();
      node.connectAndAwaitRoster(account, own, "bob", PASSWORD);

      own.halt();
      node.awaitState(account, "reconnecting");
      // While down the tries fail as unreachable; the account is still held.
      JsonObject unreachable = node.awaitState(account, "reconnecting");
      assertEquals(FailureCode.IM_UNREACHABLE.name(), unreachable.getJsonObject("error").getString("code"));
      assertEquals(new JsonArray().add(account), node.command(NodeCommand.PING, null, new JsonObject()).getJsonArray("accounts"));
      ReplyException notConnected = node.failure(Addresses.node(node.nodeId), new JsonObject()
          .put("type", NodeCommand.SEND_MESSAGE).put("accountId", account).put("to", own.jid("bob")).put("text", "x"));
      NodeHarness.assertFailure(notConnected, FailureCode.NOT_CONNECTED);

      own.start();
      node.awaitState(account, "connected");
    }
  }

  @Test
  void requiredTlsWithATrustedCertificateConnects() {
    // A Vertx of its own: two nodes on one bus would share the connect address and the events.
    Vertx other = Vertx.vertx();
    try (XmppTestServer secure = newServer(true).start()) {
      secure.createUser("erin", PASSWORD);
      NodeHarness trusting = new NodeHarness(other,
          NodeHarness.fastConfig().put("trustedCertificate", secure.certificate().toString()));
      String account = NodeHarness.newAccountId();
      trusting.connect(trusting.connectCommand(account, secure, "erin", PASSWORD).put("tls", "required"));
      trusting.awaitState(account, "connecting");
      trusting.awaitState(account, "connected");

      // The same server without trusting its self-signed certificate.
      String untrusted = NodeHarness.newAccountId();
      node.connect(node.connectCommand(untrusted, secure, "erin", PASSWORD).put("tls", "required"));
      JsonObject error = awaitFailed(untrusted, FailureCode.IM_TLS_FAILED);
      assertTrue(error.getString("text").contains("certificate"), error::encode);
    } finally {
      NodeHarness.await(other.close());
    }
  }

  @Test
  void invalidAddressesAreRefused(VertxTestContext test) {
    JsonObject connect = node.connectCommand(NodeHarness.newAccountId(), prosody, "alice", PASSWORD).put("login", "alice@");
    JsonObject send = new JsonObject().put("type", NodeCommand.SEND_MESSAGE).put("accountId", "any")
        .put("to", "not a jid").put("text", "hi");
    node.vertx.eventBus().request(Addresses.nodeConnect(XmppNetwork.ID), connect)
        .onComplete(test.failing(e -> test.verify(() -> {
          NodeHarness.assertFailure((ReplyException) e, FailureCode.INVALID_JID);
          node.vertx.eventBus().request(Addresses.node(node.nodeId), send)
              .onComplete(test.failing(e2 -> test.verify(() -> {
                NodeHarness.assertFailure((ReplyException) e2, FailureCode.INVALID_JID);
                test.completeNow();
              })));
        })));
  }

  @Test
  void badCommandsGetContractCodes(VertxTestContext test) throws Exception {
    String own = Addresses.node(node.nodeId);
    NodeHarness.assertFailure(node.failure(own, new JsonObject().put("type", "dance")), FailureCode.UNKNOWN_TYPE);
    NodeHarness.assertFailure(node.failure(own, "this is not JSON"), FailureCode.MALFORMED);
    NodeHarness.assertFailure(node.failure(Addresses.nodeConnect(XmppNetwork.ID),
        new JsonObject().put("type", NodeCommand.PING)), FailureCode.UNKNOWN_TYPE);
    NodeHarness.assertFailure(node.failure(own, new JsonObject().put("type", NodeCommand.SEND_MESSAGE)
        .put("accountId", "nobody").put("to", "bob@example.org").put("text", "hi")), FailureCode.NOT_CONNECTED);
    NodeHarness.assertFailure(node.failure(own, new JsonObject().put("type", NodeCommand.SEND_TYPING)
        .put("accountId", "nobody").put("to", "bob@example.org").put("state", "dancing")), FailureCode.INVALID_FIELD);
    NodeHarness.assertFailure(node.failure(Addresses.nodeConnect(XmppNetwork.ID),
        node.connectCommand("a", prosody, "alice", PASSWORD).put("tls", "sometimes")), FailureCode.INVALID_FIELD);
    node.vertx.eventBus().<JsonObject>request(own, new JsonObject().put("type", NodeCommand.PING))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals(node.nodeId, reply.body().getString("nodeId"));
          assertEquals(new JsonArray(), reply.body().getJsonArray("accounts"));
          test.completeNow();
        })));
    assertTrue(test.awaitCompletion(NodeHarness.TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }
}
