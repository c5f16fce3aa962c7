package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.BillingRequest;
import parley.contract.UsageKind;

/**
 * Two billing processes on one database, both active. They are two deployments of the verticle
 * in one Vert.x: each has its own pool, plans and allowance tracker (nothing shared but the
 * database), and the bus hands the point-to-point usage address to them in turn, as the cluster
 * does to two processes. A batch sent twice at once lands on both, as a relay's retry after a
 * lost reply would.
 */
class TwoBillingProcessesTest {
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private String deployBilling() {
    return h.vertx.deployVerticle(new BillingVerticle(), new DeploymentOptions().setConfig(h.config)).await();
  }

  private static JsonObject record(String id, String userId, String kind) {
    JsonObject r = new JsonObject().put("id", id).put("userId", userId).put("kind", kind).put("ts", System.currentTimeMillis());
    return UsageKind.USER_SIGNED_UP.equals(kind) ? r.put("username", "u" + id.hashCode())
        : r.put("accountId", "acct-" + userId.substring(0, 8)).put("network", "xmpp").put("bytes", 5);
  }

  private Future<JsonObject> batch(List<JsonObject> records) {
    return h.vertx.eventBus().<JsonObject>request(Addresses.BILLING_USAGE, new JsonObject()
        .put("type", BillingRequest.USAGE_BATCH).put("records", new JsonArray(new ArrayList<>(records))))
        .map(m -> m.body());
  }

  /** Statuses published per user, in order: "" for allowed, else the error code. */
  private final List<JsonObject> published = Collections.synchronizedList(new ArrayList<>());

  private List<String> statuses(String userId) {
    synchronized (published) {
      return published.stream().filter(s -> userId.equals(s.getString("userId")))
          .map(s -> s.getJsonObject("error") == null ? "" : s.getJsonObject("error").getString("code")).toList();
    }
  }

  @Test
  void batchesSpreadOverTwoAndDeliveredToBothCountOnceAndReportEachChangeOnce() {
    h = new Harness(Harness.plans(30));
    h.vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_BILLING_STATUS, m -> published.add(m.body()))
        .completion().await();
    deployBilling();
    deployBilling();
    String free = UUID.randomUUID().toString();
    String prepaid = UUID.randomUUID().toString();
    List<JsonObject> signUps = List.of(record("user:" + free, free, UsageKind.USER_SIGNED_UP),
        record("user:" + prepaid, prepaid, UsageKind.USER_SIGNED_UP));
    Future.all(batch(signUps), batch(signUps)).await();
    h.sql("with u as (update billing.users set plan = 'prepaid' where user_id = $1 returning 1) select count(*) from u",
        UUID.fromString(prepaid));

    // 120 sent messages of the free user (quota 30) and 60 of the prepaid one (2 each, no credit),
    // in batches of 1 to 7, every batch sent twice at once, and some records in two batches.
    List<JsonObject> records = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      records.add(record("msg:" + i, i % 3 == 2 ? prepaid : free, UsageKind.MESSAGE_SENT));
    }
    Random random = new Random(11);
    List<Future<JsonObject>> replies = new ArrayList<>();
    List<List<String>> sentIds = new ArrayList<>();
    for (int from = 0; from < records.size(); ) {
      int to = Math.min(records.size(), from + 1 + random.nextInt(7));
      List<JsonObject> one = new ArrayList<>(records.subList(Math.max(0, from - random.nextInt(2)), to));
      for (int copy = 0; copy < 2; copy++) {
        replies.add(batch(one));
        sentIds.add(one.stream().map(r -> r.getString("id")).toList());
      }
      from = to;
      if (replies.size() % 16 == 0) {
        Future.join(new ArrayList<>(replies.subList(replies.size() - 16, replies.size()))).await();
      }
    }
    Future.join(new ArrayList<>(replies)).await();
    for (int i = 0; i < replies.size(); i++) {
      assertTrue(replies.get(i).succeeded(), "batch " + i + " answered: " + replies.get(i).cause());
      assertEquals(new JsonArray(sentIds.get(i)), replies.get(i).result().getJsonArray("acked"));
    }

    assertEquals(180, h.sql("select count(*) from billing.usage_events"));
    assertEquals(120, h.pageCount(free, UsageKind.MESSAGE_SENT));
    assertEquals(60, h.pageCount(prepaid, UsageKind.MESSAGE_SENT));
    assertEquals(-120, h.sql("select coalesce(sum(amount), 0)::bigint from billing.ledger where user_id = $1",
        UUID.fromString(prepaid)));
    h.assertLedgerAgrees(prepaid);
    JsonObject statement = h.billing(prepaid, new JsonObject().put("type", BillingRequest.STATEMENT_GET)
        .put("month", YearMonth.now(ZoneOffset.UTC).toString())).await().body();
    assertEquals(-120, statement.getLong("charges"));
    assertEquals(-120, statement.getLong("closingBalance"));

    // Each user's allowance changed twice (known and allowed, then refused): published twice.
    Harness.waitFor(() -> statuses(free).size() >= 2 && statuses(prepaid).size() >= 2, "the statuses");
    sleep(500);
    assertEquals(List.of("", "QUOTA_EXCEEDED"), statuses(free));
    assertEquals(List.of("", "BALANCE_EXHAUSTED"), statuses(prepaid));
  }

  @Test
  void oneOfTwoKilledMidStreamTheOtherCarriesOnWithNothingLostOrDoubled() {
    h = new Harness(Harness.plans(1_000_000));
    String first = deployBilling();
    deployBilling();
    h.startSession();
    String alice = h.signUp("alice");
    String account = h.connectedAccount(alice, "alice@example.org");
    List<Future<?>> sends = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sends.add(h.command(alice, Harness.send(account, "out " + i)));
      h.receive(alice, account, "in " + i);
      if (i == 25) {
        // Undeploying closes its pool under whatever it is recording: those transactions are cut
        // off and their replies never come, as when the process dies.
        h.vertx.undeploy(first);
      }
      sleep(5);
    }
    Future.join(sends).await();
    Harness.waitFor(() -> h.sql("select count(*) from session.messages where direction = 'in'") == 60, "60 received");
    h.drained();
    assertEquals(60, h.pageCount(alice, UsageKind.MESSAGE_SENT));
    assertEquals(60, h.pageCount(alice, UsageKind.MESSAGE_RECEIVED));
    assertEquals(120, h.sql("select count(*) from billing.usage_events where kind like 'message-%'"));
  }

  @Test
  void aPlanChangedThroughOneIsChargedAndShownByTheOther() {
    h = new Harness(Harness.plans(1_000_000));
    deployBilling();
    deployBilling();
    String admin = UUID.randomUUID().toString();
    String user = UUID.randomUUID().toString();
    batch(List.of(record("user:" + admin, admin, UsageKind.USER_SIGNED_UP),
        record("user:" + user, user, UsageKind.USER_SIGNED_UP))).await();
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET).put("userId", user).put("plan", "prepaid"))
        .await();
    // Lands on one of the two; both must charge and show the new price from then on.
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_UPDATE).put("name", "prepaid")
        .put("definition", new JsonObject().put("type", "prepaid").put("prices", new JsonObject().put("xmpp",
            new JsonObject().put("message-sent", 5).put("message-received", 1).put("online-minute", 0))))).await();
    for (int i = 0; i < 4; i++) {
      batch(List.of(record("msg:" + i, user, UsageKind.MESSAGE_SENT))).await();
      JsonObject plans = h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLANS_GET)).await().body();
      JsonObject prepaid = plans.getJsonArray("plans").stream().map(JsonObject.class::cast)
          .filter(p -> "prepaid".equals(p.getString("name"))).findFirst().orElseThrow();
      assertEquals(5, prepaid.getJsonObject("prices").getJsonObject("xmpp").getLong("message-sent"), prepaid.encode());
    }
    assertEquals(-20, h.sql("select coalesce(sum(amount), 0)::bigint from billing.ledger where user_id = $1",
        UUID.fromString(user)), "4 messages at the new price 5, whichever process recorded them");
  }

  @Test
  void aBatchRecordedByAProcessThatDiedBeforePublishingIsPublishedWhenItComesAgain() {
    h = new Harness(Harness.plans(3));
    h.vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_BILLING_STATUS, m -> published.add(m.body()))
        .completion().await();
    deployBilling();
    String user = UUID.randomUUID().toString();
    batch(List.of(record("user:" + user, user, UsageKind.USER_SIGNED_UP))).await();
    List<JsonObject> lastThree = List.of(record("msg:1", user, UsageKind.MESSAGE_SENT),
        record("msg:2", user, UsageKind.MESSAGE_SENT), record("msg:3", user, UsageKind.MESSAGE_SENT));
    // The other process committed these and died before publishing or replying (one of the
    // version before, which worked out the allowance after the commit, in a rolling upgrade).
    Plans plans = new Plans(h.db, h.config.getJsonObject("billing"));
    plans.load().await();
    new UsageIngest(h.db, plans, (conn, users) -> Future.succeededFuture()).ingest(new JsonArray(new ArrayList<>(lastThree)), System.currentTimeMillis()).await();
    // The relay sends the batch again, to the process still running: a replay, counted nothing.
    batch(lastThree).await();
    Harness.waitFor(() -> statuses(user).size() >= 2, "the quota's end published");
    assertEquals(List.of("", "QUOTA_EXCEEDED"), statuses(user));
    assertEquals(3, h.pageCount(user, UsageKind.MESSAGE_SENT));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
