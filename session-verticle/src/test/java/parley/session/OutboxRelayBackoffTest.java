package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.testing.TestDatabase;

/**
 * The usage relay of a real session verticle on a real PostgreSQL while billing is away: a test
 * consumer on the billing address counts the tries and fails them, then acknowledges.
 */
class OutboxRelayBackoffTest {
  private Vertx vertx;
  private Pool pool;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger relayLog = (Logger) LoggerFactory.getLogger(OutboxRelay.class);

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    JsonObject db = TestDatabase.freshDatabase();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", db).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4)
        .put("usageRetryMs", 100).put("usageRetryMaxMs", 800).put("usageBehindLogMs", 1000));
    logged.start();
    relayLog.addAppender(logged);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
  }

  @AfterEach
  void close() {
    relayLog.detachAppender(logged);
    vertx.close().await();
  }

  @Test
  void backsOffWhileBillingIsAwayAndDeliversEverythingWhenItReturns() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    AtomicBoolean billingUp = new AtomicBoolean(false);
    Set<String> acked = ConcurrentHashMap.newKeySet();
    vertx.eventBus().<JsonObject>consumer(Addresses.BILLING_USAGE, msg -> {
      if (!billingUp.get()) {
        tries.incrementAndGet();
        FailureCode.INTERNAL.fail(msg, "billing is away");
        return;
      }
      JsonArray ids = new JsonArray();
      msg.body().getJsonArray("records").forEach(r -> ids.add(((JsonObject) r).getString("id")));
      ids.forEach(id -> acked.add((String) id));
      msg.reply(new JsonObject().put("acked", ids));
    }).completion().await();

    // Usage keeps being written (a sign-up is one record) for 4 s while billing fails every try.
    Set<String> written = ConcurrentHashMap.newKeySet();
    long end = System.currentTimeMillis() + 4000;
    for (int i = 0; System.currentTimeMillis() < end; i++) {
      String userId = vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
          new SignIn(SessionRequest.SIGN_UP, "user" + i, "password-" + i, null).toJson())
          .map(m -> Identity.fromJson(m.body())).await().userId();
      written.add("user:" + userId);
      Thread.sleep(40);
    }
    int triesWhileAway = tries.get();
    // Without backoff every commit and every 100 ms tick tries (about 100 tries); doubling from
    // 100 ms up to 800 ms allows 100+200+400+800+800+800+800 ms: 8 tries in 4 s (10 with slack).
    assertTrue(triesWhileAway >= 3, "it still retries: " + triesWhileAway);
    assertTrue(triesWhileAway <= 10, "it backs off: " + triesWhileAway + " tries in 4 s while "
        + written.size() + " records were written");
    assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
            && e.getFormattedMessage().contains("usage records wait, the oldest written")),
        "it says at WARN how far behind it is");
    long warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    assertTrue(warnings <= 5, "at most one WARN a second: " + warnings);

    billingUp.set(true);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!acked.containsAll(written) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(acked.containsAll(written), "every record is delivered once billing is back");
    while (outboxSize() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, outboxSize(), "and the outbox is empty");
  }

  private long outboxSize() {
    return pool.query("select count(*) from session.usage_outbox").execute().await().iterator().next().getLong(0);
  }
}
