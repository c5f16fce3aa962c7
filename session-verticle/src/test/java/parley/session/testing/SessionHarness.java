package parley.session.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.ConnectionState;
import parley.contract.Headers;
import parley.contract.Shards;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.browser.AccountReply;
import parley.contract.browser.BrowserEventBody;
import parley.contract.browser.MessageEvent;
import parley.contract.browser.MessageStatusEvent;
import parley.contract.browser.MessageUpdatedEvent;
import parley.contract.browser.PersonUpdatedEvent;
import parley.contract.testing.TestNetworks;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.SessionVerticle;

/**
 * The set-up the session's bus tests share: a new Vert.x, a fresh real PostgreSQL database, stand-in
 * nodes answering on the bus, the networks' descriptors advertised, and one {@link SessionVerticle}
 * deployed; then helpers that stand in for the web verticle (sign-up, browser commands, the events
 * the page is pushed) and for a node (its events).
 */
public final class SessionHarness {
  /** The password every user signed up here has. */
  public static final String PASSWORD = "correct horse";

  public final Vertx vertx;
  public final JsonObject db;
  /** The session verticle's configuration, for a test that deploys it again. */
  public final JsonObject config;

  private SessionHarness(Vertx vertx, JsonObject db, JsonObject config) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
  }

  /**
   * Starts a session on a fresh database with {@code sessionSettings} (on top of a random credential
   * key and the cheapest bcrypt cost) after the stand-in nodes listen and the descriptors are advertised.
   */
  public static SessionHarness start(JsonObject sessionSettings, StandInNode... nodes) {
    return start(TestDatabase.freshDatabase(), sessionSettings, nodes);
  }

  /** The same on a database the test prepared (see {@link DatabaseAtMigration}). */
  public static SessionHarness start(JsonObject db, JsonObject sessionSettings, StandInNode... nodes) {
    Vertx vertx = Vertx.vertx();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", db).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4).mergeIn(sessionSettings));
    for (StandInNode node : nodes) {
      node.listen(vertx);
    }
    // The protocol nodes' network descriptors, as the nodes advertise them.
    TestNetworks.advertise(vertx);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    return new SessionHarness(vertx, db, config);
  }

  /** A session with the default settings. */
  public static SessionHarness start(StandInNode... nodes) {
    return start(new JsonObject(), nodes);
  }

  public void close() {
    vertx.close().await();
  }

  /** A pool on the session's database, for what a test checks or prepares in the tables themselves. */
  public Pool pool() {
    return PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
  }

  /** A sign-up or sign-in ({@code type}) as the web verticle sends it; answers who signed up or in. */
  public Future<Identity> auth(String type, String username, String password) {
    return vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
            new SignIn(type, username, password, null).toJson())
        .map(m -> Identity.fromJson(m.body()));
  }

  /** Signs up a user with {@link #PASSWORD}; answers the user id. */
  public String signUp(String username) {
    return auth(SessionRequest.SIGN_UP, username, PASSWORD).await().userId();
  }

  /** Adds an IM account for the user ({@code fields} name the network, login and server); answers its id. */
  public String addAccount(String userId, JsonObject fields) {
    return AccountReply.fromJson(command(userId, fields.put("type", BrowserCommand.ACCOUNT_ADD).put("password", "im-secret")
        .put("tls", "if-offered"))).account().id();
  }

  /** A browser command as the web verticle sends it for the signed-in user. */
  public Future<JsonObject> request(String userId, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS, body,
        new DeliveryOptions().addHeader(Headers.USER_ID, userId)).map(m -> m.body());
  }

  /** A browser command's answer; a refusal is thrown as the {@link ReplyException}. */
  public JsonObject command(String userId, JsonObject body) {
    return request(userId, body).await();
  }

  /** The refusal of a browser command the test expects refused. */
  public ReplyException refusal(String userId, JsonObject body) {
    try {
      command(userId, body);
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("not refused: " + body);
  }

  /** Everything the page of that user is pushed from now on, oldest first. */
  public BlockingQueue<JsonObject> events(String userId) {
    BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> pushed.add(m.body())).completion().await();
    return pushed;
  }

  /** An event from the node about the user's account, as a node sends it. */
  public void nodeEvent(String nodeId, String userId, String accountId, String type, JsonObject body) {
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, nodeEventBody(nodeId, userId, accountId, type, body));
  }

  private static JsonObject nodeEventBody(String nodeId, String userId, String accountId, String type, JsonObject body) {
    return body.copy().put("type", type).put("nodeId", nodeId).put("userId", userId).put("accountId", accountId);
  }

  /**
   * The same sent as a node's router sends it, to the user's shard address, saying the node held it
   * {@code heldMs} behind the shard's earlier events; completes when the session has applied it.
   */
  public void heldNodeEvent(String nodeId, String userId, String accountId, String type, JsonObject body, long heldMs) {
    vertx.eventBus().request(Shards.address(userId, Shards.DEFAULT_COUNT), nodeEventBody(nodeId, userId, accountId, type, body),
        new DeliveryOptions().addHeader(Headers.KIND, Headers.KIND_IM_EVENT).addHeader(Headers.HELD_MS, Long.toString(heldMs)))
        .await();
  }

  /** An account the session holds connected, and what the page is pushed about it. */
  public record Connected(String accountId, BlockingQueue<JsonObject> events, JsonObject state) {}

  /**
   * Adds {@code login}'s account (on 127.0.0.1:5222) for the user, lets the node connect it with
   * those server features and waits until the page is told it is connected. The events are captured
   * from after the node's connect.
   */
  public Connected connectedAccount(String userId, StandInNode node, String login, JsonArray features)
      throws InterruptedException {
    String accountId = addAccount(userId, new JsonObject().put("login", login).put("host", "127.0.0.1").put("port", 5222));
    node.next(NodeCommand.CONNECT);
    BlockingQueue<JsonObject> pushed = events(userId);
    JsonObject connected = new JsonObject().put("state", ConnectionState.CONNECTED);
    if (features != null) {
      connected.put("features", features);
    }
    nodeEvent(node.id, userId, accountId, NodeEvent.CONNECTION_STATE, connected);
    JsonObject state;
    do {
      state = next(pushed, BrowserEvent.ACCOUNT_STATE, "never published ");
    } while (!ConnectionState.CONNECTED.equals(state.getString("state")));
    return new Connected(accountId, pushed, state);
  }

  /** The next item of that type in the queue (others are passed over); fails with {@code failure} + type after 5 s. */
  public static JsonObject next(BlockingQueue<JsonObject> queue, String type, String failure) throws InterruptedException {
    while (true) {
      JsonObject item = queue.poll(5, TimeUnit.SECONDS);
      assertNotNull(item, failure + type);
      if (type.equals(item.getString("type"))) {
        return item;
      }
    }
  }

  /**
   * The next event of that type the page was pushed (others are passed over); fails after 5 s. An
   * event with a stored message or a person is read through its record, which must write it again to
   * the letter: what the page gets is what the record writes.
   */
  public static JsonObject nextEvent(BlockingQueue<JsonObject> pushed, String type) throws InterruptedException {
    JsonObject event = next(pushed, type, "never published ");
    Function<JsonObject, BrowserEventBody> record = switch (type) {
      case BrowserEvent.MESSAGE -> MessageEvent::fromJson;
      case BrowserEvent.MESSAGE_STATUS -> MessageStatusEvent::fromJson;
      case BrowserEvent.MESSAGE_UPDATED -> MessageUpdatedEvent::fromJson;
      case BrowserEvent.PERSON_UPDATED -> PersonUpdatedEvent::fromJson;
      default -> null;
    };
    if (record != null) {
      JsonObject body = event.copy();
      body.remove("type");
      body.remove("seq");
      assertEquals(body.encode(), record.apply(event).toJson().encode(), "the " + type + " event as its record writes it");
    }
    return event;
  }
}
