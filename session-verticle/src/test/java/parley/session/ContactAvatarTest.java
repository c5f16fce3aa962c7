package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import parley.contract.Limits;
import parley.contract.MessageStatus;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.testing.TestNetworks;
import parley.session.testing.TestDatabase;

/**
 * Contacts' avatars kept by the session with the contact, on a real PostgreSQL; the test stands
 * in for the web verticle and the XMPP node.
 */
class ContactAvatarTest {
  private static final String NODE_ID = "avatar-node";
  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";

  private Vertx vertx;
  private JsonObject db;
  private final BlockingQueue<JsonObject> nodeCommands = new LinkedBlockingQueue<>();
  private String userId;
  private String accountId;
  private BlockingQueue<JsonObject> pushed;

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
    nodeEvent(NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    while (!ConnectionState.CONNECTED.equals(nextEvent(BrowserEvent.ACCOUNT_STATE).getString("state"))) {
      // until connected
    }
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


  @Test
  void aContactsAvatarIsKeptWithItAndServedAsADataUrl() throws Exception {
    nodeEvent(NodeEvent.ROSTER, new JsonObject().put("contacts", new JsonArray()
        .add(new JsonObject().put("jid", "bob@example.org").put("name", "Bob").put("groups", new JsonArray())
            .put("subscription", "both"))));
    assertEquals(null, nextEvent(BrowserEvent.ROSTER).getJsonArray("contacts").getJsonObject(0).getString("avatar"));

    // Not a contact: nothing kept, nothing published.
    nodeEvent(NodeEvent.AVATAR, avatar("mallory@example.org", HASH, "image/png", "iVBORw0KGgo="));
    // A type the page could be tricked by, and a hash that is none: dropped.
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", HASH, "text/html", "PHNjcmlwdD4="));
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", "\"><img src=x>", "image/png", "iVBORw0KGgo="));
    nodeEvent(NodeEvent.AVATAR, avatar("bob@example.org", HASH, "image/png", "iVBORw0KGgo="));
    JsonObject contact = nextEvent(BrowserEvent.CONTACT_UPDATED).getJsonObject("contact");
    assertEquals("bob@example.org", contact.getString("jid"));
    assertEquals(HASH, contact.getString("avatar"), "the first published change is the valid one");
    assertEquals(HASH, snapshotContact().getString("avatar"));

    JsonObject got = command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "bob@example.org"));
    assertEquals(HASH, got.getString("hash"));
    assertEquals("data:image/png;base64,iVBORw0KGgo=", got.getString("url"));
    assertEquals("", command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "mallory@example.org")).getString("hash"));

    nodeEvent(NodeEvent.AVATAR, new JsonObject().put("jid", "bob@example.org").put("hash", ""));
    assertEquals(null, nextEvent(BrowserEvent.CONTACT_UPDATED).getJsonObject("contact").getString("avatar"));
    assertEquals("", command(new JsonObject().put("type", BrowserCommand.AVATAR_GET).put("accountId", accountId)
        .put("jid", "bob@example.org")).getString("hash"));
  }

  @Test
  void theOwnAvatarGoesToTheNodeWithinItsBound() throws Exception {
    String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    command(new JsonObject().put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId).put("data", png));
    assertEquals(png, nextNodeCommand(NodeCommand.SET_AVATAR).getString("data"));

    ReplyException tooLarge = assertThrows(ReplyException.class, () -> command(new JsonObject()
        .put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId)
        .put("data", Base64.getEncoder().encodeToString(new byte[Limits.MAX_OWN_AVATAR_BYTES + 1]))));
    assertEquals(FailureCode.INVALID_FIELD.code(), tooLarge.failureCode());
    assertEquals("The picture is larger than 32 KiB.", tooLarge.getMessage());
    ReplyException notBase64 = assertThrows(ReplyException.class, () -> command(new JsonObject()
        .put("type", BrowserCommand.AVATAR_SET).put("accountId", accountId).put("data", "<svg/>")));
    assertEquals("The picture is not valid base64.", notBase64.getMessage());
  }

  private static JsonObject avatar(String jid, String hash, String type, String data) {
    return new JsonObject().put("jid", jid).put("hash", hash).put("mediaType", type).put("data", data);
  }

  private JsonObject snapshotContact() {
    JsonArray contacts = command(new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state")
        .getJsonArray("contacts");
    return contacts.getJsonObject(0);
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
}
