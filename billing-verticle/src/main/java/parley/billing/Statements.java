package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import parley.contract.LedgerEntry;

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

  Future<JsonObject> statement(BillingUsers.BillingUser user, YearMonth month, String currency) {
    OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    return ledger.balanceBefore(user.userId(), from).compose(opening -> ledger.between(user.userId(), from, to)
        .compose(entries -> totals.byNetworkAndKind(user.userId(), month).map(usage -> {
          long charges = 0;
          long credits = 0;
          for (Object o : entries) {
            JsonObject e = (JsonObject) o;
            long amount = e.getLong("amount");
            if (LedgerEntry.USAGE.equals(e.getString("entry"))) {
              charges += amount;
              chargeOf(usage, e.getString("network"), e.getString("kind"), amount);
            } else {
              credits += amount;
            }
          }
          usage.forEach(o -> ((JsonObject) o).put("charge", ((JsonObject) o).getLong("charge", 0L)));
          return new JsonObject()
              .put("userId", user.userId())
              .put("username", user.username())
              .put("month", month.toString())
              .put("currency", currency)
              .put("openingBalance", opening)
              .put("charges", charges)
              .put("credits", credits)
              .put("closingBalance", opening + charges + credits)
              .put("usage", usage)
              .put("entries", entries);
        })));
  }

  private static void chargeOf(JsonArray usage, String network, String kind, long amount) {
    for (Object o : usage) {
      JsonObject row = (JsonObject) o;
      if (row.getString("network").equals(network) && row.getString("kind").equals(kind)) {
        row.put("charge", row.getLong("charge", 0L) + amount);
        return;
      }
    }
  }

  /** Months with usage or ledger entries, and the current one, newest first. */
  Future<JsonArray> months(String userId, YearMonth current) {
    return pool.preparedQuery("select m from (select to_char(day, 'YYYY-MM') as m from billing.usage_daily where user_id = $1"
            + " union select to_char(at at time zone 'UTC', 'YYYY-MM') from billing.ledger where user_id = $1"
            + " union select $2) months order by m desc")
        .execute(Tuple.of(UUID.fromString(userId), current.toString()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(row.getString("m")));
          return out;
        });
  }
}
