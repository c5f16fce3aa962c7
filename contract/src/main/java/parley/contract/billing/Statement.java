package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.util.List;
import parley.contract.browser.EventJson;

/**
 * The reply to a {@link StatementGet}: the user's {@code month}, its use per network and kind with
 * the charge, and every ledger entry of it, oldest first. Amounts in minor units of {@code currency};
 * {@code closingBalance} = {@code openingBalance} + {@code charges} + {@code credits}.
 */
public record Statement(String userId, String username, YearMonth month, String currency, long openingBalance,
                        long charges, long credits, long closingBalance, List<UsageTotal> usage, List<LedgerLine> entries) {
  public Statement {
    usage = List.copyOf(usage);
    entries = List.copyOf(entries);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("userId", userId)
        .put("username", username)
        .put("month", month.toString())
        .put("currency", currency)
        .put("openingBalance", openingBalance)
        .put("charges", charges)
        .put("credits", credits)
        .put("closingBalance", closingBalance)
        .put("usage", BillingFields.array(usage, UsageTotal::toJson))
        .put("entries", BillingFields.array(entries, LedgerLine::toJson));
  }

  public static Statement fromJson(JsonObject json) {
    return new Statement(EventJson.requireString(json, "userId"), EventJson.requireString(json, "username"),
        BillingFields.month(json), EventJson.requireString(json, "currency"),
        EventJson.requireLong(json, "openingBalance"), EventJson.requireLong(json, "charges"),
        EventJson.requireLong(json, "credits"), EventJson.requireLong(json, "closingBalance"),
        BillingFields.objects(json, "usage", UsageTotal::fromJson), BillingFields.objects(json, "entries", LedgerLine::fromJson));
  }
}
