package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

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

  /** Rows {@code {network, kind, count, bytes}} of {@code month}. */
  Future<JsonArray> byNetworkAndKind(String userId, YearMonth month) {
    return pool.preparedQuery("select network, kind, sum(count)::bigint as count, sum(bytes)::bigint as bytes"
            + " from billing.usage_daily where user_id = $1 and day >= $2 and day < $3"
            + " group by network, kind order by network, kind")
        .execute(Tuple.of(UUID.fromString(userId), month.atDay(1), month.plusMonths(1).atDay(1)))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(new JsonObject().put("network", row.getString("network"))
              .put("kind", row.getString("kind")).put("count", row.getLong("count")).put("bytes", row.getLong("bytes"))));
          return out;
        });
  }

  /** Rows {@code {day, kind, count}} from {@code from} to {@code to} inclusive, for the chart. */
  Future<JsonArray> daily(String userId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("select day, kind, sum(count)::bigint as count from billing.usage_daily"
            + " where user_id = $1 and day >= $2 and day <= $3 group by day, kind order by day, kind")
        .execute(Tuple.of(UUID.fromString(userId), from, to))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(new JsonObject().put("day", row.getLocalDate("day").toString())
              .put("kind", row.getString("kind")).put("count", row.getLong("count"))));
          return out;
        });
  }
}
