package parley.billing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.LedgerEntry;
import parley.contract.billing.LedgerLine;
import parley.contract.billing.Statement;
import parley.contract.billing.UsageTotal;

/**
 * Monthly statements: usage per network and kind with its charge, every ledger entry of the month,
 * and the opening and closing balance, which agree with the ledger by construction.
 */
final class Statements {
  private final Pool pool;
  private final Ledger ledger;
  private final UsageTotals totals;

  Statements(Pool pool, Ledger ledger, UsageTotals totals) {
    this.pool = pool;
    this.ledger = ledger;
    this.totals = totals;
  }

  Future<Statement> statement(BillingUsers.BillingUser user, YearMonth month, String currency) {
    OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    return ledger.balanceBefore(user.userId(), from).compose(opening -> ledger.between(user.userId(), from, to)
        .compose(entries -> totals.byNetworkAndKind(user.userId(), month).map(usage -> {
          long charges = 0;
          long credits = 0;
          Map<List<String>, Long> chargeByUse = new HashMap<>();
          for (LedgerLine e : entries) {
            if (LedgerEntry.USAGE.equals(e.entry())) {
              charges += e.amount();
              chargeByUse.merge(Arrays.asList(e.network(), e.kind()), e.amount(), Long::sum);
            } else {
              credits += e.amount();
            }
          }
          List<UsageTotal> charged = usage.stream()
              .map(u -> u.withCharge(chargeByUse.getOrDefault(List.of(u.network(), u.kind()), 0L))).toList();
          return new Statement(user.userId(), user.username(), month, currency, opening, charges, credits,
              opening + charges + credits, charged, entries);
        })));
  }

  /** Months with usage or ledger entries, and the current one, newest first. */
  Future<List<String>> months(String userId, YearMonth current) {
    return pool.preparedQuery("select m from (select to_char(day, 'YYYY-MM') as m from billing.usage_daily where user_id = $1"
            + " union select to_char(at at time zone 'UTC', 'YYYY-MM') from billing.ledger where user_id = $1"
            + " union select $2) months order by m desc")
        .execute(Tuple.of(UUID.fromString(userId), current.toString()))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.getString("m")));
          return out;
        });
  }
}
