package parley.billing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.billing.DailyUse;
import parley.contract.billing.UsageTotal;

/** Reads the daily usage counters: per month, per network and kind, per day. */
final class UsageTotals {
  private final Pool pool;

  UsageTotals(Pool pool) {
    this.pool = pool;
  }

  /** Count per kind in {@code month}, per user (all networks together). */
  Future<Map<String, Map<String, Long>>> byKind(Collection<String> userIds, YearMonth month) {
    return byKind(pool, userIds, month);
  }

  static Future<Map<String, Map<String, Long>>> byKind(SqlClient client, Collection<String> userIds, YearMonth month) {
    UUID[] ids = userIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    return client.preparedQuery("select user_id, kind, sum(count)::bigint as count from billing.usage_daily"
            + " where user_id = any($1) and day >= $2 and day < $3 group by user_id, kind")
        .execute(Tuple.of(ids, month.atDay(1), month.plusMonths(1).atDay(1)))
        .map(rows -> {
          Map<String, Map<String, Long>> out = new HashMap<>();
          rows.forEach(row -> out.computeIfAbsent(row.getUUID("user_id").toString(), k -> new HashMap<>())
              .put(row.getString("kind"), row.getLong("count")));
          return out;
        });
  }

  /** The use of {@code month} per network and kind, without charges. */
  Future<List<UsageTotal>> byNetworkAndKind(String userId, YearMonth month) {
    return pool.preparedQuery("select network, kind, sum(count)::bigint as count, sum(bytes)::bigint as bytes"
            + " from billing.usage_daily where user_id = $1 and day >= $2 and day < $3"
            + " group by network, kind order by network, kind")
        .execute(Tuple.of(UUID.fromString(userId), month.atDay(1), month.plusMonths(1).atDay(1)))
        .map(rows -> {
          List<UsageTotal> out = new ArrayList<>();
          rows.forEach(row -> out.add(new UsageTotal(row.getString("network"), row.getString("kind"), row.getLong("count"),
              row.getLong("bytes"), null)));
          return out;
        });
  }

  /** The use per day and kind from {@code from} to {@code to} inclusive, for the chart. */
  Future<List<DailyUse>> daily(String userId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("select day, kind, sum(count)::bigint as count from billing.usage_daily"
            + " where user_id = $1 and day >= $2 and day <= $3 group by day, kind order by day, kind")
        .execute(Tuple.of(UUID.fromString(userId), from, to))
        .map(rows -> {
          List<DailyUse> out = new ArrayList<>();
          rows.forEach(row -> out.add(new DailyUse(row.getLocalDate("day"), row.getString("kind"), row.getLong("count"))));
          return out;
        });
  }
}
