package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.session.testing.TestDatabase;

/**
 * The usage relay of a real session verticle on a real PostgreSQL keeps several batches at
 * billing at once (issue 16) and still sends each record once and loses none, also one whose row
 * commits late, behind newer rows already in flight. A test consumer on the billing address
 * stands in for billing: it answers each batch after a while, so batches overlap.
 */
class OutboxRelayInFlightTest {
  private static final int BATCH = 5;
  private static final int IN_FLIGHT = 3;

  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void deploy() {
    vertx = Vertx.vertx();
    JsonObject db = TestDatabase.freshDatabase();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject().put("db", db).put("session", new JsonObject()
        .put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4)
        .put("usageBatchSize", BATCH).put("usageBatchesInFlight", IN_FLIGHT).put("usageRetryMs", 50));
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))).using(vertx).build();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void severalBatchesInFlightSendEachRecordOnceAndLoseNone() throws Exception {
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Addresses.BILLING_USAGE, msg -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      JsonArray ids = new JsonArray();
      msg.body().getJsonArray("records").forEach(r -> ids.add(((JsonObject) r).getString("id")));
      ids.forEach(id -> received.computeIfAbsent((String) id, k -> new AtomicInteger()).incrementAndGet());
      vertx.setTimer(60, t -> {
        inFlight.decrementAndGet();
        msg.reply(new JsonObject().put("acked", ids));
      });
    }).completion().await();

    // A record whose transaction stays open: its seq is lower than those written after it.
    SqlConnection late = pool.getConnection().await();
    Transaction lateTx = late.begin().await();
    late.preparedQuery("insert into session.usage_outbox (id, record) values ($1, $2)")
        .execute(Tuple.of("late", new JsonObject().put("id", "late"))).await();

    List<String> written = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      written.add("r" + i);
    }
    pool.preparedQuery("insert into session.usage_outbox (id, record) select id, jsonb_build_object('id', id)"
        + " from unnest($1::text[]) id").execute(Tuple.of(written.toArray(new String[0]))).await();

    long deadline = System.currentTimeMillis() + 15_000;
    while (received.size() < 100 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    lateTx.commit().await();
    late.close().await();
    written.add("late");

    while (!(received.keySet().containsAll(written) && outboxSize() == 0) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(received.keySet().containsAll(written), "every record reached billing, the late one too");
    assertEquals(0, outboxSize(), "and the outbox is empty");
    assertEquals(written.size(), received.size(), "nothing else was sent");
    received.forEach((id, times) -> assertEquals(1, times.get(), id + " was sent once"));
    assertTrue(mostInFlight.get() >= 2, "batches overlap: at most " + mostInFlight.get() + " in flight");
    assertTrue(mostInFlight.get() <= IN_FLIGHT, "never more than the setting: " + mostInFlight.get());
  }

  private long outboxSize() {
    return pool.query("select count(*) from session.usage_outbox").execute().await().iterator().next().getLong(0);
  }
}
