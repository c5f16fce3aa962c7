package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import parley.contract.browser.EventJson;

/**
 * The reply to a {@link UsageGet} (and an admin's {@link UserGet}): the user and their {@code plan}
 * (as billing defines plans: name, type, and quotas or prices), this {@code period}'s use per
 * network and kind, the daily use {@code from}..{@code to}, the balance and the newest ledger
 * entries, the months with a statement (newest first) and whether they may send.
 */
public record UsageView(UserSummary user, JsonObject plan, YearMonth period, String currency, List<UsageTotal> usage,
                        List<DailyUse> daily, LocalDate from, LocalDate to, long balance, List<LedgerLine> ledger,
                        List<String> statements, Allowance allowance) {
  public UsageView {
    usage = List.copyOf(usage);
    daily = List.copyOf(daily);
    ledger = List.copyOf(ledger);
    statements = List.copyOf(statements);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("user", user.toJson())
        .put("plan", plan)
        .put("period", period.toString())
        .put("currency", currency)
        .put("usage", BillingFields.array(usage, UsageTotal::toJson))
        .put("daily", BillingFields.array(daily, DailyUse::toJson))
        .put("from", from.toString())
        .put("to", to.toString())
        .put("balance", balance)
        .put("ledger", BillingFields.array(ledger, LedgerLine::toJson))
        .put("statements", BillingFields.array(statements, s -> s))
        .put("allowance", allowance.toUsageViewJson());
  }

  public static UsageView fromJson(JsonObject json) {
    return new UsageView(UserSummary.fromJson(EventJson.requireObject(json, "user")),
        EventJson.requireObject(json, "plan"), BillingFields.yearMonth(json, "period"), EventJson.requireString(json, "currency"),
        BillingFields.objects(json, "usage", UsageTotal::fromJson), BillingFields.objects(json, "daily", DailyUse::fromJson),
        BillingFields.date(json, "from"), BillingFields.date(json, "to"), EventJson.requireLong(json, "balance"),
        BillingFields.objects(json, "ledger", LedgerLine::fromJson),
        BillingFields.list(json, "statements", String.class, String.class::cast),
        Allowance.fromJson(EventJson.requireObject(json, "allowance")));
  }
}
