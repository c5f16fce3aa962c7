package parley.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.util.Map;
import parley.contract.BillingEvent;
import parley.contract.FailureCode;
import parley.contract.UsageKind;

/** Whether a user may send, and if not, what ran out and what to do, in plain words. */
final class Allowance {
  private Allowance() {}

  static JsonObject of(BillingUsers.BillingUser user, Plan plan, Map<String, Long> monthUsage, long balance,
                       YearMonth month, Money money) {
    JsonObject status = new JsonObject().put("type", BillingEvent.ALLOWANCE).put("userId", user.userId());
    if (user.suspended()) {
      return refused(status, FailureCode.SUSPENDED, "An admin has suspended sending for your account. "
          + "Receiving and history still work; ask an admin to resume it.");
    }
    if (Plan.FREE.equals(plan.type())) {
      for (String kind : UsageKind.METERED) {
        long used = monthUsage.getOrDefault(kind, 0L);
        long quota = plan.quotas().getOrDefault(kind, 0L);
        if (used >= quota) {
          return refused(status, FailureCode.QUOTA_EXCEEDED, "Your " + plan.name() + " plan allows " + quota + " "
              + describe(kind) + " a month and you have used " + used + ", so sending is paused until "
              + month.plusMonths(1).atDay(1) + ". Receiving and history still work. Ask an admin for another plan "
              + "or a top-up on the prepaid plan.");
        }
      }
    }
    if (Plan.PREPAID.equals(plan.type()) && balance <= 0) {
      return refused(status, FailureCode.BALANCE_EXHAUSTED, "Your prepaid balance is " + money.format(balance)
          + ", so sending is paused. Receiving and history still work. Ask an admin to top up your balance.");
    }
    return status.put("canSend", true).putNull("error");
  }

  private static JsonObject refused(JsonObject status, FailureCode code, String text) {
    return status.put("canSend", false).put("error", code.toJson(text));
  }

  static String describe(String kind) {
    return switch (kind) {
      case UsageKind.MESSAGE_SENT -> "sent messages";
      case UsageKind.MESSAGE_RECEIVED -> "received messages";
      case UsageKind.ONLINE_MINUTE -> "online minutes";
      default -> kind;
    };
  }
}
