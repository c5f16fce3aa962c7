package parley.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;

/** Quotas and balances bite within a second, receiving goes on, and admin actions lift them at once. */
class EnforcementTest {
  private Harness h;

  @AfterEach
  void close() {
    h.close();
  }

  private String admin;
  private String alice;

  /** Both verticles on a free plan of 3 sent messages; alice's XMPP account connected; billing knows everyone. */
  private String aliceOnline() {
    h = new Harness(Harness.plans(3));
    h.startBilling();
    h.startSession();
    admin = h.signUp("admin");
    alice = h.signUp("alice");
    String account = h.connectedAccount(alice, "alice@example.org");
    h.drained();
    return account;
  }

  private ReplyException refusedWithinASecond(String userId, String accountId) {
    long end = System.currentTimeMillis() + 1000;
    while (true) {
      try {
        h.command(userId, Harness.send(accountId, "one more")).await();
      } catch (ReplyException e) {
        return e;
      }
      assertTrue(System.currentTimeMillis() < end, "sending was not refused within a second");
    }
  }

  @Test
  void quotaBitesReceivingGoesOnAndAdminLiftsIt() {
    String account = aliceOnline();
    for (int i = 0; i < 3; i++) {
      h.command(alice, Harness.send(account, "hello " + i)).await();
    }
    ReplyException refused = refusedWithinASecond(alice, account);
    assertEquals(FailureCode.QUOTA_EXCEEDED.code(), refused.failureCode());
    assertTrue(refused.getMessage().contains("3 sent messages a month"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Ask an admin"), refused.getMessage());

    h.receive(alice, account, "still arriving");
    Harness.waitFor(() -> h.sql("select count(*) from session.messages where user_id = $1 and direction = 'in'",
        UUID.fromString(alice)) == 1, "the received message in history");
    // Billing has it too before the plan changes: billing charges a record by the plan in force
    // when it takes the record, and the relay hands records over a moment after they are stored.
    h.drained();

    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET).put("userId", alice).put("plan", "prepaid")).await();
    // Prepaid with nothing on it: now the balance is what is missing.
    assertEquals(FailureCode.BALANCE_EXHAUSTED.code(), refusedWithinASecond(alice, account).failureCode());
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_BALANCE_ADJUST).put("userId", alice)
        .put("entry", "top-up").put("amount", 4).put("reason", "two more messages")).await();
    h.command(alice, Harness.send(account, "works again")).await();
    h.command(alice, Harness.send(account, "and once more")).await();
    assertEquals(FailureCode.BALANCE_EXHAUSTED.code(), refusedWithinASecond(alice, account).failureCode());
    h.drained();
    h.assertLedgerAgrees(alice);

    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET).put("userId", alice).put("plan", "unlimited")).await();
    h.command(alice, Harness.send(account, "unlimited now")).await();
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_SUSPEND).put("userId", alice)).await();
    assertEquals(FailureCode.SUSPENDED.code(), refusedWithinASecond(alice, account).failureCode());
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_RESUME).put("userId", alice)).await();
    h.command(alice, Harness.send(account, "resumed")).await();
  }

  @Test
  void badAdminInputIsRefusedWithAClearReason() {
    h = new Harness(Harness.plans(3));
    h.startBilling();
    h.startSession();
    String admin = h.signUp("admin");
    String alice = h.signUp("alice");
    h.drained();
    JsonObject topUp = new JsonObject().put("type", BillingRequest.ADMIN_BALANCE_ADJUST).put("userId", alice)
        .put("entry", "top-up").put("reason", "test");
    assertEquals(FailureCode.INVALID_AMOUNT.code(), failure(topUp.copy().put("amount", -500), admin).failureCode());
    assertEquals(FailureCode.INVALID_AMOUNT.code(), failure(topUp.copy().put("amount", 1e15), admin).failureCode());
    assertEquals(FailureCode.INVALID_AMOUNT.code(), failure(topUp.copy().put("amount", 1.5), admin).failureCode());
    assertEquals(FailureCode.INVALID_FIELD.code(), failure(topUp.copy().put("amount", 100).put("reason", " "), admin).failureCode());
    assertEquals(FailureCode.UNKNOWN_PLAN.code(), failure(new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET)
        .put("userId", alice).put("plan", "gold"), admin).failureCode());
    assertEquals(FailureCode.NO_SUCH_USER.code(), failure(topUp.copy().put("amount", 100)
        .put("userId", UUID.randomUUID().toString()), admin).failureCode());
    // A user id that is not text, or a plan name that is not, is refused in words, not as an internal error.
    ReplyException notAnId = failure(new JsonObject().put("type", BillingRequest.ADMIN_USER_GET).put("userId", 42), admin);
    assertEquals(FailureCode.NO_SUCH_USER.code(), notAnId.failureCode());
    assertEquals("userId must be a user id.", notAnId.getMessage());
    ReplyException badName = failure(new JsonObject().put("type", BillingRequest.ADMIN_PLAN_UPDATE).put("name", 7)
        .put("definition", new JsonObject().put("type", "unlimited")), admin);
    assertEquals(FailureCode.INVALID_FIELD.code(), badName.failureCode());
    assertEquals("A plan name is 1 to 32 lowercase letters, digits or '-'.", badName.getMessage());
    ReplyException notWhole = failure(topUp.copy().put("amount", 1.5), admin);
    assertEquals("The amount must be a whole number of minor units (cents), for example 500 for 5.00 EUR.",
        notWhole.getMessage());
    assertEquals(0, h.sql("select count(*) from billing.ledger"), "nothing reached the ledger");
  }

  @Test
  void statementAgreesWithTheLedgerAndAdminsEditPlans() {
    String account = aliceOnline();

    JsonObject student = new JsonObject().put("type", "prepaid").put("prices", new JsonObject()
        .put("xmpp", new JsonObject().put("message-sent", 5).put("message-received", 3).put("online-minute", 0)));
    assertEquals(FailureCode.INVALID_AMOUNT.code(), failure(new JsonObject().put("type", BillingRequest.ADMIN_PLAN_UPDATE)
        .put("name", "student").put("definition", student.copy().put("prices", new JsonObject()
            .put("xmpp", new JsonObject().put("message-sent", -1)))), admin).failureCode());
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_UPDATE).put("name", "student")
        .put("definition", student)).await();
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLAN_SET).put("userId", alice).put("plan", "student")).await();
    h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_BALANCE_ADJUST).put("userId", alice)
        .put("entry", "top-up").put("amount", 1000).put("reason", "welcome")).await();
    h.command(alice, Harness.send(account, "one")).await();
    h.command(alice, Harness.send(account, "two")).await();
    h.receive(alice, account, "back");
    Harness.waitFor(() -> h.sql("select count(*) from session.messages where user_id = $1", UUID.fromString(alice)) == 3,
        "three messages in history");
    h.drained();

    String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    JsonObject statement = h.billing(alice, new JsonObject().put("type", BillingRequest.STATEMENT_GET).put("month", month))
        .await().body();
    assertEquals(0, statement.getLong("openingBalance"));
    assertEquals(-(2 * 5 + 3), statement.getLong("charges"));
    assertEquals(1000, statement.getLong("credits"));
    assertEquals(1000 - 13, statement.getLong("closingBalance"));
    assertEquals(h.sql("select sum(amount)::bigint from billing.ledger where user_id = $1", UUID.fromString(alice)),
        statement.getLong("closingBalance"), "the statement closes at the ledger's balance");
    String csv = h.billing(alice, new JsonObject().put("type", BillingRequest.STATEMENT_CSV).put("month", month))
        .await().body().getString("csv");
    assertTrue(csv.contains("usage total," + month + ",xmpp,message-sent,2,6,-10,EUR"), csv);
    assertTrue(csv.contains("closing balance," + month + ",,,,,987,EUR"), csv);

    // A restarted billing keeps the edited plan.
    h.stopBilling();
    h.startBilling();
    JsonObject plans = h.admin(admin, new JsonObject().put("type", BillingRequest.ADMIN_PLANS_GET)).await().body();
    assertTrue(plans.getJsonArray("plans").stream().map(JsonObject.class::cast)
        .anyMatch(p -> "student".equals(p.getString("name"))), plans.encode());
  }

  private ReplyException failure(JsonObject request, String adminId) {
    try {
      h.admin(adminId, request).await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a refusal of " + request.encode());
  }
}
