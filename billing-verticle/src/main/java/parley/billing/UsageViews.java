package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import parley.contract.billing.DailyUse;
import parley.contract.billing.LedgerLine;
import parley.contract.billing.UsageTotal;
import parley.contract.billing.UsageView;

/** Makes what the usage page shows for one user: this period per network against quota, balance, daily use, ledger. */
final class UsageViews {
  private static final int DAYS = 30;
  private static final int LEDGER_ENTRIES = 100;

  private final Plans plans;
  private final UsageTotals totals;
  private final Ledger ledger;
  private final Statements statements;
  private final AllowanceTracker allowances;
  private final Clock clock;

  UsageViews(Plans plans, UsageTotals totals, Ledger ledger, Statements statements, AllowanceTracker allowances, Clock clock) {
    this.plans = plans;
    this.totals = totals;
    this.ledger = ledger;
    this.statements = statements;
    this.allowances = allowances;
    this.clock = clock;
  }

  Future<UsageView> of(BillingUsers.BillingUser user) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate from = today.minusDays(DAYS - 1);
    YearMonth month = YearMonth.from(today);
    String userId = user.userId();
    JsonObject plan = plans.get(user.plan()).toJson();
    String currency = plans.currency();
    Future<List<UsageTotal>> usage = totals.byNetworkAndKind(userId, month);
    Future<List<DailyUse>> daily = usage.compose(v -> totals.daily(userId, from, today));
    Future<Long> balance = daily.compose(v -> ledger.balance(userId));
    Future<List<LedgerLine>> entries = balance.compose(v -> ledger.entries(userId, LEDGER_ENTRIES));
    Future<List<String>> months = entries.compose(v -> statements.months(userId, month));
    return months.compose(v -> allowances.current(userId)).map(allowance -> new UsageView(user.summary(), plan,
        month, currency, usage.result(), daily.result(), from, today,
        balance.result(), entries.result(), months.result(), allowance));
  }
}
