package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/** The reply to {@link BalanceAdjust}: the ledger entry it made. */
public record BalanceAdjusted(LedgerLine entry) {
  public JsonObject toJson() {
    return new JsonObject().put("entry", entry.toJson());
  }

  public static BalanceAdjusted fromJson(JsonObject json) {
    return new BalanceAdjusted(LedgerLine.fromJson(EventJson.requireObject(json, "entry")));
  }
}
