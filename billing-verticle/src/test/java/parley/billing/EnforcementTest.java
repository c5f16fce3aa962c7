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
    h = new Harness(Harness.plans(3));
    h.startBilling();
    h.startSession();
    String admin = h.signUp("admin");
    String alice = h.signUp("alice");
    String account = h.connectedAccount(alice, "alice@example.org");
    h.drained();
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
    assertEquals(0, h.sql("select count(*) from billing.ledger"), "nothing reached the ledger");
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
