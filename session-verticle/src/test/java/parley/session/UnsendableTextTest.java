package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * Text that no IM network can carry (NUL, U+000B, ...), given to the session on a real PostgreSQL:
 * refused in words with INVALID_FIELD, never sent to a node, stored or billed.
 */
class UnsendableTextTest {
  private static final String NODE_ID = "test-node";

  private SessionHarness session;
  private Vertx vertx;
  private JsonObject db;
  private BlockingQueue<JsonObject> nodeCommands;

  @BeforeEach
  void deploy() {
    // The stand-in node takes every command, as a real one would before the IM server complains.
    StandInNode node = new StandInNode(TestNetworks.XMPP, NODE_ID);
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

  private static ReplyException invalidField(Future<?> f, String text) {
    try {
      f.await();
    } catch (ReplyException e) {
      assertEquals(FailureCode.INVALID_FIELD.code(), e.failureCode(), e.getMessage());
      if (text != null) {
        assertEquals(text, e.getMessage());
      }
      return e;
    }
    throw new AssertionError("expected INVALID_FIELD");
  }

  @Test
  void unsendableTextIsRefusedInWordsAndNeverSentStoredOrBilled() throws Exception {
    String userId = auth(SessionRequest.SIGN_UP, "tina", "password-of-tina").await().userId();
    invalidField(auth(SessionRequest.SIGN_IN, "ti\u0000na", "password-of-tina"),
        "The username contains a character that cannot be sent (U+0000 at position 3).");
    invalidField(auth(SessionRequest.SIGN_UP, "ali\u0000ce", "password-of-alice"), null);

    String accountId = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", "tina@example.org").put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222)
        .put("tls", "if-offered")).await()).account().id();
    assertEquals("connect", nodeCommands.poll(5, TimeUnit.SECONDS).getString("type"));
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, new JsonObject().put("type", NodeEvent.CONNECTION_STATE)
        .put("state", ConnectionState.CONNECTED).put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
    // Wait until the session knows the account is connected: a good message reaches the node.
    JsonObject message = new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
        .put("to", "bob@example.org");
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      try {
        command(userId, message.copy().put("text", "first")).await();
        break;
      } catch (ReplyException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw notYet;
        }
        Thread.sleep(50);
      }
    }
    assertEquals("send-message", nodeCommands.poll(5, TimeUnit.SECONDS).getString("type"));

    invalidField(command(userId, message.copy().put("text", "a\u0000b")),
        "The message contains a character that cannot be sent (U+0000 at position 2).");
    invalidField(command(userId, message.copy().put("text", "line\u000Bbreak")),
        "The message contains a character that cannot be sent (U+000B at position 5).");
    invalidField(command(userId, new JsonObject().put("type", BrowserCommand.PRESENCE_SET).put("show", "away")
        .put("status", "out\u000B")), "The status contains a character that cannot be sent (U+000B at position 4).");
    invalidField(command(userId, new JsonObject().put("type", BrowserCommand.CONTACT_ADD).put("accountId", accountId)
        .put("jid", "bob@example.org").put("group", "\u0001")), null);
    invalidField(command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", "bob\u0000@example.org")), null);
    assertNull(nodeCommands.poll(500, TimeUnit.MILLISECONDS), "nothing unsendable reached the node");

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
    assertEquals(1L, count(pool, "select count(*) from session.messages"), "only the good message is stored");
    assertEquals(1L, count(pool, "select count(*) from session.usage_outbox where id like 'msg:%'"), "and billed");
    assertNotNull(command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", "bob@example.org")).await().getJsonArray("messages"));
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }
}
