package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.Monitoring;
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
import parley.contract.UsageKind;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.StoppablePostgres;

/**
 * The session's database stops under traffic and comes back (a real PostgreSQL of the test's own,
 * stopped and started; the test stands in for the protocol node and the browser): nothing received
 * is lost or doubled, nothing is sent that could not be stored, and the browser is told.
 */
@Timeout(180)
class StorageOutageTest {
  private static final String NODE_ID = "outage-node";
  private static final String PEER = "bob@example.org";
  private static final int RECEIVED_WHILE_DOWN = 30;

  private Vertx vertx;
  private StoppablePostgres pg;
  private final BlockingQueue<JsonObject> sendsToNode = new LinkedBlockingQueue<>();
  /** send-message commands the node holds unanswered until the test answers them. */
  private final BlockingQueue<Message<JsonObject>> heldSends = new LinkedBlockingQueue<>();
  private final List<JsonObject> browser = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "PostgreSQL refuses root; ./parley test runs the suite as an unprivileged user");
    pg = new StoppablePostgres();
    vertx = Vertx.vertx();
  }

  /** The session on the private PostgreSQL, with the test as its protocol node. */
  private void deploy(int storageBufferSize) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject()
        .put("db", pg.dbConfig())
        .put("session", new JsonObject()
            .put("credentialKey", Base64.getEncoder().encodeToString(key))
            .put("bcryptCost", 4)
            .put("storageRetryMs", 200)
            .put("storageRetryMaxMs", 1000)
            .put("storageBufferSize", storageBufferSize));
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect("xmpp"),
        msg -> msg.reply(new JsonObject().put("nodeId", NODE_ID))).completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> {
      if (NodeCommand.SEND_MESSAGE.equals(msg.body().getString("type"))) {
        sendsToNode.add(msg.body());
        if (msg.body().getString("text").startsWith("hold")) {
          heldSends.add(msg);
          return;
        }
      }
      msg.reply(new JsonObject());
    }).completion().await();
    // The protocol nodes' network descriptors, as the nodes advertise them.
    TestNetworks.advertise(vertx);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** Signs up a user with a connected account, watched by a browser; returns {userId, accountId}. */
  private String[] connectedUser(String name) throws InterruptedException {
    String userId = vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
        new SignIn(SessionRequest.SIGN_UP, name, "password-of-" + name, null).toJson())
        .map(m -> Identity.fromJson(m.body())).await().userId();
    String accountId = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD)
        .put("login", name + "@example.org").put("password", "im-secret")).await().body()).account().id();
    vertx.eventBus().<JsonObject>consumer(Addresses.browserEvents(userId), m -> browser.add(m.body())).completion().await();
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    await("the account connected", () -> browser.stream().anyMatch(e -> ConnectionState.CONNECTED.equals(e.getString("state"))));
    return new String[] {userId, accountId};
  }

  @Test
  void whatMemoryHoldsIsBoundedAndTheRestGoesOn() throws Exception {
    deploy(5);
    String[] ids = connectedUser("pavel");
    String userId = ids[0];
    String accountId = ids[1];
    pg.stop();
    for (int i = 1; i <= 12; i++) {
      receive(userId, accountId, "down " + i);
    }
    await("the browser told that messages cannot be stored", () -> storageEvents().contains(false));
    await("the operator's gauge shows the five held writes", () -> buffered() == 5);
    pg.start();
    await("the browser told that messages are stored again", () -> storageEvents().equals(List.of(false, true)));
    await("the held messages stored", () -> messages("in").size() == 5);
    await("the gauge back at 0", () -> buffered() == 0);
    receive(userId, accountId, "after");
    await("the message after the outage", () -> messages("in").stream().anyMatch(m -> "after".equals(m.getString("text"))));
    assertEquals(List.of("down 1", "down 2", "down 3", "down 4", "down 5", "after"),
        messages("in").stream().map(m -> m.getString("text")).toList(),
        "the first five were held and stored in order; past the bound the rest were dropped, not queued without end");
  }

  @Test
  void nothingIsLostOrDoubledWhileTheDatabaseIsAway() throws Exception {
    deploy(10_000);
    String[] ids = connectedUser("olga");
    String userId = ids[0];
    String accountId = ids[1];

    receive(userId, accountId, "before");
    await("the first message", () -> messages("in").size() == 1);

    // A send the IM server takes while the database is still up; its answer comes after the stop.
    Future<Message<JsonObject>> held = command(userId, send(accountId, "hold me"));
    JsonObject toNode = sendsToNode.poll(10, TimeUnit.SECONDS);
    assertNotNull(toNode, "the held message reached the node");
    Message<JsonObject> heldSend = heldSends.take();
    JsonObject pending = messages("out").get(0);
    assertEquals(MessageStatus.PENDING, pending.getString("status"), "the page sees the message at once, pending");
    assertEquals(String.valueOf(pending.getLong("id")), toNode.getString("messageId"), "the node gets the history id");

    pg.stop();
    heldSend.reply(new JsonObject());
    JsonObject heldReply = held.await().body().getJsonObject("message");
    assertEquals(MessageStatus.SENT, heldReply.getString("status"), "the IM server took it: the user is told it was sent");

    for (int i = 1; i <= RECEIVED_WHILE_DOWN; i++) {
      receive(userId, accountId, "down " + i);
    }
    await("the browser told that messages cannot be stored", () -> storageEvents().contains(false));

    ReplyException refused = failure(command(userId, send(accountId, "not now")));
    assertEquals(FailureCode.STORAGE_UNAVAILABLE.code(), refused.failureCode());
    Thread.sleep(1500);
    assertEquals(0, sendsToNode.size(), "a message that cannot be stored is not sent");
    assertEquals(1, messages("in").size(), "no received message is shown before it is stored");

    pg.start();
    await("the browser told that messages are stored again", () -> storageEvents().equals(List.of(false, true)));
    await("every message received meanwhile", () -> messages("in").size() == 1 + RECEIVED_WHILE_DOWN);

    List<String> expected = new ArrayList<>();
    expected.add("before");
    for (int i = 1; i <= RECEIVED_WHILE_DOWN; i++) {
      expected.add("down " + i);
    }
    assertEquals(expected, messages("in").stream().map(m -> m.getString("text")).toList(), "published once each, in order");

    JsonArray history = command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", PEER).put("limit", 200)).await().body().getJsonArray("messages");
    List<String> stored = new ArrayList<>();
    history.forEach(m -> stored.add(((JsonObject) m).getString("text")));
    List<String> expectedHistory = new ArrayList<>(expected);
    expectedHistory.add(1, "hold me");
    assertEquals(expectedHistory, stored, "every message stored once, in the order it came, the refused one not at all");
    await("the held message's status written", () -> MessageStatus.SENT.equals(historyStatus(userId, accountId, "hold me")));

    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pg.dbConfig().getString("url"))).using(vertx).build();
    List<String> kinds = new ArrayList<>();
    pool.query("select record->>'kind' as kind from session.usage_outbox where id like 'msg:%' order by id").execute().await()
        .forEach(row -> kinds.add(row.getString("kind")));
    assertEquals(1 + RECEIVED_WHILE_DOWN, kinds.stream().filter(UsageKind.MESSAGE_RECEIVED::equals).count(), "each received message billed once");
    assertEquals(1, kinds.stream().filter(UsageKind.MESSAGE_SENT::equals).count(), "the sent message billed once");
    pool.close().await();
  }

  private String historyStatus(String userId, String accountId, String text) {
    JsonArray history = command(userId, new JsonObject().put("type", BrowserCommand.HISTORY_GET).put("accountId", accountId)
        .put("peer", PEER)).await().body().getJsonArray("messages");
    return history.stream().map(m -> (JsonObject) m).filter(m -> text.equals(m.getString("text")))
        .findFirst().map(m -> m.getString("status")).orElse(null);
  }

  /** {@code parley_storage_buffered}, as the management port would show it. */
  private double buffered() {
    return Monitoring.meters(vertx).get("parley.storage.buffered").gauge().value();
  }

  private List<Boolean> storageEvents() {
    return browser.stream().filter(e -> BrowserEvent.STORAGE.equals(e.getString("type")))
        .map(e -> e.getBoolean("available")).toList();
  }

  private List<JsonObject> messages(String direction) {
    return browser.stream().filter(e -> BrowserEvent.MESSAGE.equals(e.getString("type")))
        .map(e -> e.getJsonObject("message")).filter(m -> direction.equals(m.getString("direction"))).toList();
  }

  private static JsonObject send(String accountId, String text) {
    return new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId).put("to", PEER).put("text", text);
  }

  private void receive(String userId, String accountId, String text) {
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", PEER).put("text", text));
  }

  private void nodeEvent(String userId, String accountId, String type, JsonObject body) {
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type)
        .put("nodeId", NODE_ID).put("userId", userId).put("accountId", accountId));
  }

  private Future<Message<JsonObject>> command(String userId, JsonObject body) {
    return vertx.eventBus().request(Addresses.BROWSER_COMMANDS, body, new DeliveryOptions().addHeader(Headers.USER_ID, userId));
  }

  private static ReplyException failure(Future<?> f) {
    try {
      f.await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        fail("waited in vain for " + what);
      }
      Thread.sleep(50);
    }
  }
}
