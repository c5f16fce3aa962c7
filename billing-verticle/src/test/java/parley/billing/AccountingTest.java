package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BillingRequest;
import parley.contract.UsageKind;

/**
 * Usage flows from the real session through its outbox to billing on a real PostgreSQL, and is
 * counted exactly once: after a burst, with billing stopped mid-burst, and with the producer
 * restarted while records are unacknowledged.
 */
class AccountingTest {
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private void prepaid(String adminId, String userId, long topUp) {
    h.drained();
    h.admin(adminId, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET).put("userId", userId).put("plan", "prepaid")).await();
    h.admin(adminId, new JsonObject().put("type", BillingRequest.ADMIN_BALANCE_ADJUST).put("userId", userId)
        .put("entry", "top-up").put("amount", topUp).put("reason", "test credit")).await();
  }

  private String alice;

  /** Both verticles running; alice on the prepaid plan with credit, her XMPP account connected. */
  private String prepaidAliceOnline() {
    h = new Harness(Harness.plans(1_000_000));
    h.startBilling();
    h.startSession();
    String admin = h.signUp("admin");
    alice = h.signUp("alice");
    String account = h.connectedAccount(alice, "alice@example.org");
    prepaid(admin, alice, 100_000);
    return account;
  }

  /** Sends {@code n} messages and has {@code n} arrive, interleaved, waiting for each send's reply. */
  private void burst(String userId, String accountId, int from, int n) {
    List<Future<?>> sends = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      sends.add(h.command(userId, Harness.send(accountId, "out " + i)));
      h.receive(userId, accountId, "in " + i);
    }
    Future.all(sends).await();
  }

  private void assertExactly(String userId, long sent, long received) {
    h.drained();
    assertEquals(sent, h.pageCount(userId, UsageKind.MESSAGE_SENT), "sent messages on the usage page");
    assertEquals(received, h.pageCount(userId, UsageKind.MESSAGE_RECEIVED), "received messages on the usage page");
    UUID id = UUID.fromString(userId);
    assertEquals(sent + received, h.sql("select count(*) from billing.usage_events where user_id = $1", id));
    assertEquals(-(2 * sent + received), h.sql("select coalesce(sum(amount), 0)::bigint from billing.ledger"
        + " where user_id = $1 and entry = 'usage'", id), "every message charged once at its price");
    assertEquals(0, h.sql("select count(*) from billing.quarantine"));
    h.assertLedgerAgrees(userId);
  }

  /** Waits until the history holds this many messages of the user (sent and received). */
  private void stored(String userId, long messages) {
    Harness.waitFor(() -> h.sql("select count(*) from session.messages where user_id = $1", UUID.fromString(userId)) == messages,
        messages + " messages in history");
  }

  @Test
  void totalsAfterABurstEqualWhatWasSentAndReceived() {
    String account = prepaidAliceOnline();
    burst(alice, account, 0, 300);
    stored(alice, 600);
    assertExactly(alice, 300, 300);
  }

  @Test
  void billingStoppedMidBurstLosesAndDoublesNothing() {
    String account = prepaidAliceOnline();
    List<Future<?>> sends = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sends.add(h.command(alice, Harness.send(account, "out " + i)));
      h.receive(alice, account, "in " + i);
      if (i == 150) {
        h.stopBilling();
      }
    }
    Future.all(sends).await();
    stored(alice, 800);
    assertTrue(h.sql("select count(*) from session.usage_outbox") > 0, "records wait while billing is down");
    h.startBilling();
    assertExactly(alice, 400, 400);
  }

  @Test
  void producerRestartedWhileUnacknowledgedLosesAndDoublesNothing() {
    String account = prepaidAliceOnline();
    h.drained();
    h.stopBilling();
    burst(alice, account, 0, 200);
    stored(alice, 400);
    h.stopSession();
    assertEquals(400, h.sql("select count(*) from session.usage_outbox"), "the outbox survives the producer");
    h.startBilling();
    h.startSession();
    assertExactly(alice, 200, 200);
  }

  @Test
  void lostAcknowledgementsMeanResendsThatCountOnce() {
    String account = prepaidAliceOnline();
    // Billing commits, but its first replies never reach the session: it sends those records again.
    AtomicInteger dropped = new AtomicInteger();
    h.vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().body() instanceof JsonObject body && body.containsKey("acked") && dropped.get() < 3) {
        dropped.incrementAndGet();
        return;
      }
      ctx.next();
    });
    burst(alice, account, 0, 100);
    stored(alice, 200);
    assertExactly(alice, 100, 100);
    assertEquals(3, dropped.get(), "three acknowledgements were lost on the way");
  }

  @Test
  void replaysAndDuplicatesAreAcknowledgedWithoutEffect() {
    h = new Harness(Harness.plans(1_000_000));
    h.startBilling();
    h.startSession();
    String alice = h.signUp("alice");
    h.drained();
    JsonArray records = new JsonArray();
    for (int i = 0; i < 5; i++) {
      records.add(new JsonObject().put("id", "test:" + i).put("userId", alice).put("accountId", "a1").put("network", "xmpp")
          .put("kind", UsageKind.MESSAGE_SENT).put("bytes", 10).put("ts", System.currentTimeMillis()));
    }
    records.add(records.getJsonObject(0).copy());
    JsonObject batch = new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", records);
    for (int round = 0; round < 3; round++) {
      JsonObject reply = h.vertx.eventBus().<JsonObject>request(Addresses.BILLING_USAGE, batch).await().body();
      assertEquals(6, reply.getJsonArray("acked").size(), "every record is acknowledged, also a replay");
    }
    assertEquals(5, h.pageCount(alice, UsageKind.MESSAGE_SENT));
  }

  @Test
  void badRecordsAreQuarantinedWithAReasonAndNeverCounted() {
    h = new Harness(Harness.plans(1_000_000));
    h.startBilling();
    h.startSession();
    String alice = h.signUp("alice");
    h.drained();
    long now = System.currentTimeMillis();
    JsonObject good = new JsonObject().put("id", "ok:1").put("userId", alice).put("accountId", "a1").put("network", "xmpp")
        .put("kind", UsageKind.MESSAGE_SENT).put("bytes", 10).put("ts", now);
    JsonArray records = new JsonArray()
        .add(good)
        .add("not an object")
        .add(good.copy().put("id", "bad:1").put("bytes", -5))
        .add(good.copy().put("id", "bad:2").put("bytes", 1L << 40))
        .add(good.copy().put("id", "bad:3").put("kind", "teleport"))
        .add(good.copy().put("id", "bad:4").put("userId", UUID.randomUUID().toString()))
        .add(good.copy().put("id", "bad:5").put("ts", now + 86_400_000L))
        .add(good.copy().put("id", "bad:6").put("userId", 42));
    JsonObject reply = h.vertx.eventBus().<JsonObject>request(Addresses.BILLING_USAGE,
        new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", records)).await().body();
    assertEquals(7, reply.getJsonArray("acked").size());
    assertEquals(1, h.pageCount(alice, UsageKind.MESSAGE_SENT), "only the good record counts");
    assertEquals(7, h.sql("select count(*) from billing.quarantine"));
    assertEquals(1, h.sql("select count(*) from billing.quarantine where reason like 'unknown user%'"));
    assertEquals(2, h.sql("select count(*) from billing.quarantine where reason like 'bytes%'"));
    assertEquals(1, h.sql("select count(*) from billing.quarantine where event_id is null and reason = 'not a JSON object'"));
    // The verticle still works after all that, and a resent bad record is quarantined once.
    h.vertx.eventBus().request(Addresses.BILLING_USAGE,
        new JsonObject().put("type", BillingRequest.USAGE_BATCH).put("records", new JsonArray().add(records.getValue(2)))).await();
    assertEquals(7, h.sql("select count(*) from billing.quarantine"));
  }
}
