package parley.billing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.FailureCode;
import parley.contract.billing.UserSummary;

/** The users billing knows: their plan and whether they are suspended. */
final class BillingUsers {
  record BillingUser(String userId, String username, String plan, boolean suspended) {
    UserSummary summary() {
      return new UserSummary(userId, username, plan, suspended);
    }
  }

  private final Pool pool;

  BillingUsers(Pool pool) {
    this.pool = pool;
  }

  Future<Map<String, BillingUser>> get(Collection<String> userIds) {
    return get(pool, userIds, "");
  }

  /**
   * The users, read through {@code client}; {@code lock} is appended to the query (e.g.
   * {@code " order by user_id for no key update"} inside a transaction).
   */
  static Future<Map<String, BillingUser>> get(SqlClient client, Collection<String> userIds, String lock) {
    UUID[] ids = userIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    return client.preparedQuery("select user_id, username, plan, suspended from billing.users where user_id = any($1)" + lock)
        .execute(Tuple.of(ids))
        .map(rows -> {
          Map<String, BillingUser> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("user_id").toString(), toUser(row)));
          return out;
        });
  }

  /** The user, or a {@code NO_SUCH_USER} failure. */
  Future<BillingUser> require(String userId) {
    if (!isUuid(userId)) {
      return Future.failedFuture(FailureCode.NO_SUCH_USER.exception("userId must be a user id."));
    }
    return get(java.util.List.of(userId)).compose(m -> m.containsKey(userId)
        ? Future.succeededFuture(m.get(userId))
        : Future.failedFuture(FailureCode.NO_SUCH_USER.exception("Billing knows no user " + userId + ".")));
  }

  /** Users whose name contains {@code query} (all when blank), by name, at most {@code limit}. */
  Future<List<UserSummary>> find(String query, int limit) {
    String pattern = "%" + (query == null ? "" : query.trim().toLowerCase(java.util.Locale.ROOT)
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
    return pool.preparedQuery("select user_id, username, plan, suspended from billing.users"
            + " where username like $1 order by username limit $2")
        .execute(Tuple.of(pattern, limit))
        .map(rows -> {
          List<UserSummary> out = new ArrayList<>();
          rows.forEach(row -> out.add(toUser(row).summary()));
          return out;
        });
  }

  Future<Void> setPlan(String userId, String plan) {
    return pool.preparedQuery("update billing.users set plan = $2 where user_id = $1")
        .execute(Tuple.of(UUID.fromString(userId), plan)).mapEmpty();
  }

  Future<Void> setSuspended(String userId, boolean suspended) {
    return pool.preparedQuery("update billing.users set suspended = $2 where user_id = $1")
        .execute(Tuple.of(UUID.fromString(userId), suspended)).mapEmpty();
  }

  static boolean isUuid(String s) {
    try {
      return s != null && UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static BillingUser toUser(Row row) {
    return new BillingUser(row.getUUID("user_id").toString(), row.getString("username"), row.getString("plan"),
        row.getBoolean("suspended"));
  }
}
