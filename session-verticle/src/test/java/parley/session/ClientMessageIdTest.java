package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * A page that resends a message with the same client message id (its answer was lost with the
 * connection) on a real PostgreSQL: stored once, handed to the node once, billed once, and the
 * second send answers as the first did.
 */
class ClientMessageIdTest {
  private static final String NODE_ID = "test-node";

  private SessionHarness session;
  private Vertx vertx;
  private JsonObject db;
  private BlockingQueue<JsonObject> nodeCommands;
  /** How long the stand-in node takes to answer a send-message (the IM server's round trip). */
  private volatile long sendDelayMs = 1;

  @BeforeEach
  void deploy() {
    StandInNode node = new StandInNode(TestNetworks.XMPP, NODE_ID, command -> vertx.timer(sendDelayMs).map(new JsonObject()));
    session = SessionHarness.start(node);
    vertx = session.vertx;
    db = session.db;
    nodeCommands = node.commands;
  }

  @AfterEach
  void close() {
    session.close();
  }

  private Future<Identity> auth(String type, String username, String password) {
    return session.auth(type, username, password);
  }

  private Future<JsonObject> command(String userId, JsonObject body) {
    return session.request(userId, body);
  }

  /** Signs up tina with a connected XMPP account; answers {userId, accountId}. */
  private JsonObject connectedUser() throws Exception {
    String userId = auth(SessionRequest.SIGN_UP, "tina", "password-of-tina").await().userId();
    String accountId = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", "tina@example.org").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222)
        .put("tls", "if-offered")).await()).account().id();
    assertEquals("connect", nodeCommands.poll(5, TimeUnit.SECONDS).getString("type"));
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, new JsonObject().put("type", NodeEvent.CONNECTION_STATE)
        .put("state", ConnectionState.CONNECTED).put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
    // Connected once the session takes a presence change for the account's node.
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      try {
        command(userId, new JsonObject().put("type", BrowserCommand.TYPING_SEND).put("accountId", accountId)
            .put("to", "bob@example.org").put("state", "composing")).await();
        break;
      } catch (ReplyException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw notYet;
        }
        Thread.sleep(50);
      }
    }
    assertEquals("send-typing", nodeCommands.poll(5, TimeUnit.SECONDS).getString("type"));
    return new JsonObject().put("userId", userId).put("accountId", accountId);
  }

  private static JsonObject send(String accountId, String text, String clientId) {
    return new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
        .put("to", "bob@example.org").put("text", text).put(BrowserCommand.CLIENT_ID, clientId);
  }

  private int nodeSends() throws InterruptedException {
    int sends = 0;
    JsonObject c;
    while ((c = nodeCommands.poll(300, TimeUnit.MILLISECONDS)) != null) {
      if (NodeCommand.SEND_MESSAGE.equals(c.getString("type"))) {
        sends++;
      }
    }
    return sends;
  }

  @Test
  void theSameClientIdTwiceIsStoredSentAndBilledOnceAndAnsweredAlike() throws Exception {
    JsonObject u = connectedUser();
    String userId = u.getString("userId");
    String accountId = u.getString("accountId");
    String clientId = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";

    JsonObject first = command(userId, send(accountId, "hello once", clientId)).await().getJsonObject("message");
    assertEquals(MessageStatus.SENT, first.getString("status"));
    JsonObject again = command(userId, send(accountId, "hello once", clientId)).await().getJsonObject("message");
    assertEquals(first.getLong("id"), again.getLong("id"), "the same message");
    assertEquals(MessageStatus.SENT, again.getString("status"));
    assertEquals("hello once", again.getString("text"));
    assertEquals(1, nodeSends(), "handed to the IM server once");

    // A different id is a different message, even with the same text.
    JsonObject other = command(userId, send(accountId, "hello once", "another-id")).await().getJsonObject("message");
    assertTrue(other.getLong("id") > first.getLong("id"));
    assertEquals(1, nodeSends());

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    assertEquals(2L, count(pool, "select count(*) from session.messages"), "one history row per client id");
    assertEquals(2L, count(pool, "select count(*) from session.usage_outbox where id like 'msg:%'"), "one usage record each");
  }

  @Test
  void aResendAfterTheAccountWentOfflineGetsTheFirstAnswerAndANewSendIsRefused() throws Exception {
    JsonObject u = connectedUser();
    String userId = u.getString("userId");
    String accountId = u.getString("accountId");
    JsonObject first = command(userId, send(accountId, "sent before", "offline-1")).await().getJsonObject("message");
    assertEquals(MessageStatus.SENT, first.getString("status"));
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, new JsonObject().put("type", NodeEvent.CONNECTION_STATE)
        .put("state", ConnectionState.DISCONNECTED).put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
    // Refused once the session holds the account disconnected (the event is handled in its own time).
    long deadline = System.currentTimeMillis() + 5000;
    ReplyException refused = null;
    while (refused == null) {
      try {
        command(userId, send(accountId, "not sent", "offline-2")).await();
        assertTrue(System.currentTimeMillis() < deadline, "still sending on a disconnected account");
        Thread.sleep(50);
      } catch (ReplyException e) {
        refused = e;
      }
    }
    assertEquals(FailureCode.NOT_CONNECTED.code(), refused.failureCode(), refused.getMessage());
    assertEquals(1, nodeSends(), "the first message only");
    // The page lost the first answer and sends it again: answered as before, not refused, nothing sent.
    JsonObject again = command(userId, send(accountId, "sent before", "offline-1")).await().getJsonObject("message");
    assertEquals(first.getLong("id"), again.getLong("id"), "the same message");
    assertEquals(MessageStatus.SENT, again.getString("status"));
    assertEquals(0, nodeSends(), "nothing handed to the IM server again");
  }

  @Test
  void aResendWhileTheFirstIsInFlightWaitsForItsAnswerAndSendsNothing() throws Exception {
    JsonObject u = connectedUser();
    String userId = u.getString("userId");
    String accountId = u.getString("accountId");
    sendDelayMs = 700;
    Future<JsonObject> first = command(userId, send(accountId, "in flight", "c-1"));
    Thread.sleep(150);
    Future<JsonObject> second = command(userId, send(accountId, "in flight", "c-1"));
    JsonObject a = first.await().getJsonObject("message");
    JsonObject b = second.await().getJsonObject("message");
    assertEquals(a.getLong("id"), b.getLong("id"));
    assertEquals(MessageStatus.SENT, b.getString("status"));
    assertEquals(1, nodeSends(), "handed to the IM server once");
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    assertEquals(1L, count(pool, "select count(*) from session.messages"));
    assertEquals(1L, count(pool, "select count(*) from session.usage_outbox where id like 'msg:%'"));
  }

  @Test
  void aClientIdIsRefusedInWordsWhenBadOrReusedForAnotherMessage() throws Exception {
    JsonObject u = connectedUser();
    String userId = u.getString("userId");
    String accountId = u.getString("accountId");
    command(userId, send(accountId, "first", "c-2")).await();
    assertEquals(1, nodeSends());

    assertRefused(command(userId, send(accountId, "something else", "c-2")),
        "That client message id was already used for another message.");
    assertRefused(command(userId, send(accountId, "x", "a".repeat(65))),
        "The client message id must be 1 to 64 letters, digits, '-' or '_'.");
    assertRefused(command(userId, send(accountId, "x", "no spaces")),
        "The client message id must be 1 to 64 letters, digits, '-' or '_'.");
    assertNull(nodeCommands.poll(300, TimeUnit.MILLISECONDS), "nothing more reached the node");
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    assertEquals(1L, count(pool, "select count(*) from session.messages"));
  }

  private static void assertRefused(Future<?> f, String text) {
    try {
      f.await();
    } catch (ReplyException e) {
      assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode(), e.getMessage());
      assertEquals(text, e.getMessage());
      return;
    }
    throw new AssertionError("expected INVALID_FIELD");
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }
}
