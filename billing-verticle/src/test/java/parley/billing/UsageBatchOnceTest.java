package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BillingRequest;
import parley.contract.UsageKind;

/**
 * A usage batch is counted exactly once on a real PostgreSQL, whatever happens to it: sent again
 * (one after the other, or twice at the same time), holding an id twice, or failing inside
 * billing's transaction after its records were inserted and before the acknowledgement.
 */
class UsageBatchOnceTest {
  private Harness h;
  private String alice;

  @BeforeEach
  void start() {
    // Everyone on the prepaid plan: 2 per sent and 1 per received message, no credit.
    h = new Harness(Harness.plans(1_000_000).put("defaultPlan", "prepaid"));
    h.startBilling();
    h.startSession();
    alice = h.signUp("alice");
    h.drained();
  }

  @AfterEach
  void close() {
    h.close();
  }

  private JsonArray records(String prefix, int n) {
    JsonArray records = new JsonArray();
    for (int i = 0; i < n; i++) {
      records.add(new JsonObject().put("id", prefix + i).put("userId", alice).put("accountId", "a1").put("network", "xmpp")
          .put("kind", i % 2 == 0 ? UsageKind.MESSAGE_SENT : UsageKind.MESSAGE_RECEIVED).put("bytes", 10)
          .put("ts", System.currentTimeMillis()));
    }
    return records;
  }

  private Future<JsonObject> send(JsonArray records) {
    return h.vertx.eventBus().<JsonObject>request(Addresses.BILLING_USAGE,
        new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", records)).map(m -> m.body());
  }

  /** Recorded ids, counters, charges and the page all say {@code sent} and {@code received}, once each. */
  private void assertCountedOnce(long sent, long received) {
    UUID id = UUID.fromString(alice);
    assertEquals(sent + received, h.sql("select count(*) from billing.usage_events where user_id = $1", id), "recorded ids");
    assertEquals(sent + received, h.sql("select coalesce(sum(count), 0)::bigint from billing.usage_daily where user_id = $1", id),
        "daily counters");
    assertEquals(-(2 * sent + received), h.sql("select coalesce(sum(amount), 0)::bigint from billing.ledger where user_id = $1", id),
        "every record charged once at its price");
    assertEquals(sent, h.pageCount(alice, UsageKind.MESSAGE_SENT));
    assertEquals(received, h.pageCount(alice, UsageKind.MESSAGE_RECEIVED));
    h.assertLedgerAgrees(alice);
    assertEquals(0, h.sql("select count(*) from billing.quarantine"));
  }

  @Test
  void aBatchDeliveredAgainIsCountedOnce() {
    JsonArray batch = records("again:", 500);
    for (int round = 0; round < 3; round++) {
      assertEquals(500, send(batch).await().getJsonArray("acked").size(), "a redelivery is acknowledged in full");
    }
    assertCountedOnce(250, 250);
  }

  @Test
  void aBatchDeliveredTwiceAtOnceIsCountedOnce() {
    JsonArray batch = records("twice:", 500);
    List<Future<JsonObject>> both = List.of(send(batch), send(batch.copy()));
    Future.all(both).await();
    both.forEach(f -> assertEquals(500, f.result().getJsonArray("acked").size()));
    assertCountedOnce(250, 250);
  }

  @Test
  void anIdTwiceInOneBatchIsCountedOnce() {
    JsonArray batch = records("dup:", 10);
    // The same id again, even with other figures: the first occurrence is the record.
    batch.add(batch.getJsonObject(0).copy().put("bytes", 999));
    batch.add(batch.getJsonObject(1).copy());
    assertEquals(12, send(batch).await().getJsonArray("acked").size(), "every occurrence is acknowledged");
    assertCountedOnce(5, 5);
    assertEquals(100, h.sql("select coalesce(sum(bytes), 0)::bigint from billing.usage_daily where user_id = $1",
        UUID.fromString(alice)), "ten records of 10 bytes: the first occurrence is counted");
  }

  @Test
  void aFailureBetweenInsertAndAcknowledgementLeavesNothingAndTheResendCountsOnce() {
    // The database fails the batch's last step (publishing the allowance), after its records were
    // inserted: as a crash of billing or of its connection there would.
    exec("create table public.fail_allowance (reason text)");
    exec("insert into public.fail_allowance values ('test')");
    exec("create function public.fail_allowance() returns trigger language plpgsql as $$ begin"
        + " if exists (select 1 from public.fail_allowance) then raise exception 'test: billing fails here'; end if;"
        + " return null; end $$");
    exec("create trigger fail_allowance before insert on billing.allowance_published for each statement"
        + " execute function public.fail_allowance()");
    JsonArray batch = records("crash:", 100);
    assertTrue(send(batch).transform(ar -> Future.succeededFuture(ar.failed())).await(), "the failed batch is not acknowledged");
    UUID id = UUID.fromString(alice);
    assertEquals(0, h.sql("select count(*) from billing.usage_events where user_id = $1", id),
        "nothing of the failed batch is recorded");
    assertEquals(0, h.sql("select coalesce(sum(amount), 0)::bigint from billing.ledger where user_id = $1", id),
        "nothing of the failed batch is charged");
    exec("delete from public.fail_allowance");
    assertEquals(100, send(batch).await().getJsonArray("acked").size());
    assertCountedOnce(50, 50);
  }

  private void exec(String sql) {
    h.db.query(sql).execute().await();
  }
}
