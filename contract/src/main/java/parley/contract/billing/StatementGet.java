package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import parley.contract.BillingRequest;

/** {@code statement.get}: the signed-in user's statement of {@code month}. */
public record StatementGet(YearMonth month) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.STATEMENT_GET).put("month", month.toString());
  }

  /** Fails unless {@code month} is like 2026-11. */
  public static StatementGet fromJson(JsonObject json) {
    return new StatementGet(BillingFields.month(json));
  }
}
