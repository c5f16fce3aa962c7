package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** What the usage page shows for one user: this period per network against quota, balance, daily use, ledger. */
final class UsageView {
  private static final int DAYS = 30;
  private static final int LEDGER_ENTRIES = 100;

  private final Plans plans;
  private final UsageTotals totals;
  private final Ledger ledger;
  private final Statements statements;
  private final AllowanceTracker allowances;
  private final Clock clock;

  UsageView(Plans plans, UsageTotals totals, Ledger ledger, Statements statements, AllowanceTracker allowances, Clock clock) {
    this.plans = plans;
    this.totals = totals;
    this.ledger = ledger;
    this.statements = statements;
    this.allowances = allowances;
    this.clock = clock;
  }

  Future<JsonObject> of(BillingUsers.BillingUser user) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    YearMonth month = YearMonth.from(today);
    JsonObject view = new JsonObject()
        .put("user", user.toJson())
        .put("plan", plans.get(user.plan()).toJson())
        .put("period", month.toString())
        .put("currency", plans.currency());
    return totals.byNetworkAndKind(user.userId(), month).compose(usage -> {
      view.put("usage", usage);
      return totals.daily(user.userId(), today.minusDays(DAYS - 1), today);
    }).compose(daily -> {
      view.put("daily", daily).put("from", today.minusDays(DAYS - 1).toString()).put("to", today.toString());
      return ledger.balance(user.userId());
    }).compose(balance -> {
      view.put("balance", balance);
      return ledger.entries(user.userId(), LEDGER_ENTRIES);
    }).compose(entries -> {
      view.put("ledger", entries);
      return statements.months(user.userId(), month);
    }).compose(months -> {
      view.put("statements", months);
      return allowances.current(user.userId());
    }).map(allowance -> view.put("allowance", allowance.toUsageViewJson()));
  }
}
