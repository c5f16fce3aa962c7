package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;
import parley.contract.LedgerEntry;

/**
 * {@code balance.adjust} (admin): a ledger {@code entry} ({@link LedgerEntry#MANUAL}; top-up when
 * absent) of {@code amount} minor units of the currency, with the admin's {@code reason}. Billing
 * checks the amount's size and sign for the entry.
 */
public record BalanceAdjust(String userId, String entry, long amount, String reason) {
  static final int MAX_REASON_CHARS = 500;

  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_BALANCE_ADJUST).put("userId", userId).put("entry", entry)
        .put("amount", amount).put("reason", reason);
  }

  /**
   * Fails unless {@code userId} is a user id (NO_SUCH_USER), {@code reason} is given, {@code entry} is
   * a manual one and {@code amount} a whole number (INVALID_AMOUNT, in minor units of {@code currency}).
   */
  public static BalanceAdjust fromJson(JsonObject json, String currency) {
    String userId = BillingFields.userId(json);
    String reason = BillingFields.text(json, "reason", MAX_REASON_CHARS);
    Object entry = json.getValue("entry") == null ? LedgerEntry.TOP_UP : json.getValue("entry");
    if (!(entry instanceof String e) || !LedgerEntry.MANUAL.contains(e)) {
      throw FailureCode.INVALID_FIELD.exception("entry must be one of top-up, adjustment, refund.");
    }
    if (!(json.getValue("amount") instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw FailureCode.INVALID_AMOUNT.exception(
          "The amount must be a whole number of minor units (cents), for example 500 for 5.00 " + currency + ".");
    }
    return new BalanceAdjust(userId, e, n.longValue(), reason);
  }
}
