package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import parley.contract.BillingRequest;

/** {@code statement.csv}: the signed-in user's statement of {@code month} as a CSV file, answered with a {@link StatementFile}. */
public record StatementCsvGet(YearMonth month) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.STATEMENT_CSV).put("month", month.toString());
  }

  /** Fails unless {@code month} is like 2026-11. */
  public static StatementCsvGet fromJson(JsonObject json) {
    return new StatementCsvGet(BillingFields.month(json));
  }

  /** The request for {@code month} as a page or a URL names it: fails unless it is like 2026-11. */
  public static StatementCsvGet of(String month) {
    return new StatementCsvGet(BillingFields.month(month));
  }
}
