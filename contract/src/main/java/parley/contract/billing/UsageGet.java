package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code usage.get}: the signed-in user's usage view (this period, balance, daily use, ledger, statements). */
public record UsageGet() {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.USAGE_GET);
  }

  public static UsageGet fromJson(JsonObject json) {
    return new UsageGet();
  }
}
