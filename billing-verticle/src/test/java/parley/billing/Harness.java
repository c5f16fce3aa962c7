package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.ConnectionState;
import parley.contract.Headers;
import parley.contract.NodeEvent;
import parley.contract.SessionRequest;
import parley.contract.browser.AccountReply;
import parley.contract.testing.TestNetworks;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.SessionVerticle;
import parley.session.testing.TestDatabase;

/**
 * The real session verticle (the producer) and the billing verticle on one fresh real
 * PostgreSQL; the test stands in for the web verticle and a protocol node on the bus.
 */
final class Harness implements AutoCloseable {
  static final String NODE_ID = "billing-test-node";

  final Vertx vertx = Vertx.vertx();
  final JsonObject config;
  final Pool db;
  private String sessionDeployment;
  private String billingDeployment;

  Harness(JsonObject billing) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject dbConfig = TestDatabase.freshDatabase();
    config = new JsonObject()
        .put("db", dbConfig)
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key))
            .put("bcryptCost", 4).put("usageRetryMs", 300).put("usageRetryMaxMs", 1200).put("usageReplyTimeoutMs", 1000))
        .put("billing", billing);
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbConfig.getString("url"))).using(vertx).build();
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeConnect(TestNetworks.XMPP),
        msg -> msg.reply(new JsonObject().put("nodeId", NODE_ID))).completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.node(NODE_ID), msg -> msg.reply(new JsonObject())).completion().await();
  }

  /** Free plan with small quotas, prepaid at 2 per sent and 1 per received message. */
  static JsonObject plans(long sentQuota) {
    return new JsonObject().put("currency", "EUR").put("defaultPlan", "free").put("plans", new JsonObject()
        .put("free", new JsonObject().put("type", "free").put("quotas", new JsonObject()
            .put("message-sent", sentQuota).put("message-received", 1_000_000).put("online-minute", 1_000_000)))
        .put("prepaid", new JsonObject().put("type", "prepaid").put("prices", new JsonObject()
            .put("xmpp", new JsonObject().put("message-sent", 2).put("message-received", 1).put("online-minute", 0))))
        .put("unlimited", new JsonObject().put("type", "unlimited")));
  }

  private MessageConsumer<JsonObject> networks;

  void startSession() {
    if (networks == null) {
      // The protocol nodes' network descriptors, as the nodes advertise them (and again when a session starts).
      networks = TestNetworks.advertise(vertx);
    }
    sessionDeployment = vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  void stopSession() {
    vertx.undeploy(sessionDeployment).await();
    sessionDeployment = null;
  }

  void startBilling() {
    billingDeployment = vertx.deployVerticle(new BillingVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  void stopBilling() {
    vertx.undeploy(billingDeployment).await();
    billingDeployment = null;
  }

  String signUp(String name) {
    return vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
        new SignIn(SessionRequest.SIGN_UP, name, "password-of-" + name, null).toJson())
        .map(m -> Identity.fromJson(m.body())).await().userId();
  }

  Future<Message<JsonObject>> command(String userId, JsonObject body) {
    return vertx.eventBus().request(Addresses.BROWSER_COMMANDS, body, new DeliveryOptions().addHeader(Headers.USER_ID, userId));
  }

  /** Adds an XMPP account and reports it connected, as a node would. */
  String connectedAccount(String userId, String login) {
    String accountId = AccountReply.fromJson(command(userId, new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("login", login)
        .put("password", "im-secret")).await().body()).account().id();
    nodeEvent(userId, accountId, NodeEvent.CONNECTION_STATE, new JsonObject().put("state", ConnectionState.CONNECTED));
    // A typing signal is refused until the account is connected, and is not usage.
    JsonObject typing = new JsonObject().put("type", BrowserCommand.TYPING_SEND).put("accountId", accountId)
        .put("to", "bob@example.org").put("state", "active");
    waitFor(() -> command(userId, typing).transform(ar -> Future.succeededFuture(ar.succeeded())).await(),
        "the account to be connected");
    return accountId;
  }

  static JsonObject send(String accountId, String text) {
    return new JsonObject().put("type", BrowserCommand.MESSAGE_SEND).put("accountId", accountId)
        .put("to", "bob@example.org").put("text", text);
  }

  void nodeEvent(String userId, String accountId, String type, JsonObject body) {
    vertx.eventBus().send(Addresses.SESSION_IM_EVENTS, body.copy().put("type", type).put("nodeId", NODE_ID)
        .put("userId", userId).put("accountId", accountId));
  }

  void receive(String userId, String accountId, String text) {
    nodeEvent(userId, accountId, NodeEvent.MESSAGE_RECEIVED, new JsonObject().put("from", "bob@example.org")
        .put("text", text).put("ts", System.currentTimeMillis()));
  }

  Future<Message<JsonObject>> billing(String userId, JsonObject body) {
    return vertx.eventBus().request(Addresses.BROWSER_BILLING, body, new DeliveryOptions().addHeader(Headers.USER_ID, userId));
  }

  Future<Message<JsonObject>> admin(String adminId, JsonObject body) {
    return vertx.eventBus().request(Addresses.BROWSER_ADMIN, body, new DeliveryOptions().addHeader(Headers.USER_ID, adminId));
  }

  long sql(String query, Object... params) {
    return db.preparedQuery(query).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  /** Waits until the outbox is empty, i.e. billing acknowledged everything. */
  void drained() {
    waitFor(() -> sql("select count(*) from session.usage_outbox") == 0, "the outbox to drain");
  }

  static void waitFor(BooleanSupplier condition, String what) {
    long end = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The count of {@code kind} this month for the user, as the usage page shows it. */
  long pageCount(String userId, String kind) {
    JsonObject view = billing(userId, new JsonObject().put("type", "usage.get")).await().body();
    assertNotNull(view.getJsonArray("usage"));
    return view.getJsonArray("usage").stream().map(JsonObject.class::cast)
        .filter(u -> kind.equals(u.getString("kind"))).mapToLong(u -> u.getLong("count")).sum();
  }

  void assertLedgerAgrees(String userId) {
    long ledgerSum = sql("select coalesce(sum(amount), 0)::bigint from billing.ledger where user_id = $1", java.util.UUID.fromString(userId));
    long pageBalance = billing(userId, new JsonObject().put("type", "usage.get")).await().body().getLong("balance");
    assertEquals(ledgerSum, pageBalance, "the page's balance is the ledger's sum");
    assertEquals(ledgerSum, sql("select coalesce(sum(balance), 0)::bigint from billing.balances where user_id = $1",
        java.util.UUID.fromString(userId)), "the kept balance row is the ledger's sum");
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
