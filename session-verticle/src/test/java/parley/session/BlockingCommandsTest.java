package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.testing.TestNetworks;
import parley.session.testing.TestDatabase;

/**
 * Blocking (XEP-0191) and the server's features through the session, on a real PostgreSQL; the
 * test stands in for the web verticle and the XMPP node.
 */
class BlockingCommandsTest {
  private static final String NODE_ID = "blocking-node";

  private Vertx vertx;
  private JsonObject db;
  private final BlockingQueue<JsonObject> nodeCommands = new LinkedBlockingQueue<>();
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;
  private JsonObject connectedState;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    db = TestDatabase.freshDatabase();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", db).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4));
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(TestNetworks.XMPP), msg -> {
      nodeCommands.add(msg.body());
      msg.reply(new JsonObject().put("nodeId", NODE_ID));
    }).completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> {
      nodeCommands.add(msg.body());
      msg.reply(new JsonObject());
    }).completion().await();
    // The protocol nodes' network descriptors, as the nodes advertise them.
    TestNetworks.advertise(vertx);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();

    userId = vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH, new JsonObject()
        .put("type", SessionRequest.SIGN_UP).put("username", "alice").put("password", "correct horse"))
        .await().body().getString("userId");
    accountId = command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", "alice@example.org")
        .put("password", "im-secret").put("host", "127.0.0.1").put("port", 5222).put("tls", "if-offered"))
        .getJsonObject("account").getString("id");
    nextNodeCommand(NodeCommand.CONNECT);
    pushed = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> pushed.add(m.body())).completion().await();
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons").add("blocking")));
    JsonObject state;
    do {
      state = nextEvent(BrowserEvent.ACCOUNT_STATE);
    } while (!ConnectionState.CONNECTED.equals(state.getString("state")));
    connectedState = state;
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private JsonObject command(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS, body,
        new DeliveryOptions().addHeader(Headers.USER_ID, userId)).await().body();
  }

  private void nodeEvent(String type, JsonObject body) {
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type)
        .put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
  }

  private JsonObject nextNodeCommand(String type) throws InterruptedException {
    while (true) {
      JsonObject c = nodeCommands.poll(5, TimeUnit.SECONDS);
      assertNotNull(c, "the node never received " + type);
      if (type.equals(c.getString("type"))) {
        return c;
      }
    }
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    while (true) {
      JsonObject e = pushed.poll(5, TimeUnit.SECONDS);
      assertNotNull(e, "never published " + type);
      if (type.equals(e.getString("type"))) {
        return e;
      }
    }
  }

  private ReplyException refusal(JsonObject body) {
    try {
      command(body);
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("not refused: " + body);
  }

  private JsonObject accountInSnapshot() {
    JsonObject attached = command(new JsonObject().put("type", BrowserCommand.ATTACH));
    return attached.getJsonObject("state").getJsonArray("accounts").stream().map(JsonObject.class::cast)
        .filter(a -> accountId.equals(a.getString("id"))).findFirst().orElseThrow();
  }

  @Test
  void theServersFeaturesReachThePage() {
    assertEquals(new JsonArray().add("carbons").add("blocking"), connectedState.getJsonArray("features"));
    assertEquals(new JsonArray().add("carbons").add("blocking"), accountInSnapshot().getJsonArray("features"));
  }

  @Test
  void blockAndUnblockGoToTheNodeAndTheBlocklistToThePage() throws Exception {
    command(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId).put("jid", "Mallory@Example.org"));
    JsonObject block = nextNodeCommand(NodeCommand.BLOCK);
    assertEquals("mallory@example.org", block.getString("jid"));
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray().add("mallory@example.org")));
    JsonObject list = nextEvent(BrowserEvent.BLOCKLIST);
    assertEquals(accountId, list.getString("accountId"));
    assertEquals(new JsonArray().add("mallory@example.org"), list.getJsonArray("blocked"));
    assertEquals(new JsonArray().add("mallory@example.org"), accountInSnapshot().getJsonArray("blocked"));

    command(new JsonObject().put("type", BrowserCommand.CONTACT_UNBLOCK).put("accountId", accountId).put("jid", "mallory@example.org"));
    assertEquals("mallory@example.org", nextNodeCommand(NodeCommand.UNBLOCK).getString("jid"));
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray()));
    assertEquals(new JsonArray(), nextEvent(BrowserEvent.BLOCKLIST).getJsonArray("blocked"));
  }

  @Test
  void aServerWithoutBlockingIsNotAskedAndTheRefusalSaysWhy() throws Exception {
    nodeEvent(NodeEvent.BLOCKLIST, new JsonObject().put("jids", new JsonArray().add("mallory@example.org")));
    nextEvent(BrowserEvent.BLOCKLIST);
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED)
        .put("features", new JsonArray().add("carbons")));
    // A server without blocking blocks no one.
    assertEquals(new JsonArray(), nextEvent(BrowserEvent.BLOCKLIST).getJsonArray("blocked"));
    assertEquals(new JsonArray().add("carbons"), nextEvent(BrowserEvent.ACCOUNT_STATE).getJsonArray("features"));
    nodeCommands.clear();
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId)
        .put("jid", "mallory@example.org"));
    assertEquals(FailureCode.IM_ERROR.code(), r.failureCode());
    assertEquals("alice@example.org's server does not support blocking.", r.getMessage());
    assertNull(nodeCommands.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  void aimAndIcqRefuseBlockingInWords() {
    String aim = command(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", TestNetworks.OSCAR)
        .put("login", "alice smith").put("password", "aim-secret").put("host", "127.0.0.1").put("port", 5190))
        .getJsonObject("account").getString("id");
    for (String type : List.of(BrowserCommand.CONTACT_BLOCK, BrowserCommand.CONTACT_UNBLOCK)) {
      ReplyException r = refusal(new JsonObject().put("type", type).put("accountId", aim).put("jid", "bob smith"));
      // The OSCAR descriptor lists no blocking capability.
      assertEquals(FailureCode.NOT_SUPPORTED.code(), r.failureCode());
      assertEquals("Blocking is not supported on AIM / ICQ.", r.getMessage());
    }
  }

  @Test
  void aBadAddressIsRefusedInWords() {
    ReplyException r = refusal(new JsonObject().put("type", BrowserCommand.CONTACT_BLOCK).put("accountId", accountId)
        .put("jid", "not an address"));
    assertEquals(FailureCode.INVALID_JID.code(), r.failureCode());
  }
}
