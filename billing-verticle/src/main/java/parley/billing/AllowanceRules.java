package parley.billing;

import java.time.YearMonth;
import java.util.Map;
import parley.contract.FailureCode;
import parley.contract.UsageKind;
import parley.contract.billing.Allowance;

/** Whether a user may send, and if not, what ran out and what to do, in plain words. */
final class AllowanceRules {
  private AllowanceRules() {}

  static Allowance of(BillingUsers.BillingUser user, Plan plan, Map<String, Long> monthUsage, long balance,
                      YearMonth month, Money money) {
    String userId = user.userId();
    if (user.suspended()) {
      return new Allowance(userId, FailureCode.SUSPENDED, "An admin has suspended sending for your account. "
          + "Receiving and history still work; ask an admin to resume it.");
    }
    if (Plan.FREE.equals(plan.type())) {
      for (String kind : UsageKind.METERED) {
        long used = monthUsage.getOrDefault(kind, 0L);
        long quota = plan.quotas().getOrDefault(kind, 0L);
        if (used >= quota) {
          return new Allowance(userId, FailureCode.QUOTA_EXCEEDED, "Your " + plan.name() + " plan allows " + quota + " "
              + describe(kind) + " a month and you have used " + used + ", so sending is paused until "
              + month.plusMonths(1).atDay(1) + ". Receiving and history still work. Ask an admin for another plan "
              + "or a top-up on the prepaid plan.");
        }
      }
    }
    if (Plan.PREPAID.equals(plan.type()) && balance <= 0) {
      return new Allowance(userId, FailureCode.BALANCE_EXHAUSTED, "Your prepaid balance is " + money.format(balance)
          + ", so sending is paused. Receiving and history still work. Ask an admin to top up your balance.");
    }
    return Allowance.allowed(userId);
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
