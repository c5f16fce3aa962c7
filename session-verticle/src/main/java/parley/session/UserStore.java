package parley.session;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import parley.contract.FailureCode;
import parley.contract.billing.UsageRecord;

/** Parley users in PostgreSQL. */
final class UserStore {
  record StoredUser(String id, String username, String passwordHash, boolean admin) {}

  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;
  /** Told after each sign-up commits, so billing hears of the new user soon. */
  private final Runnable afterCommit;

  UserStore(Pool pool, Runnable afterCommit) {
    this.pool = pool;
    this.afterCommit = afterCommit;
  }

  /** Creates the user and, in the same transaction, the usage record that makes billing know them. */
  Future<StoredUser> create(String username, String passwordHash) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn
            .preparedQuery("insert into session.users (id, username, password_hash) values ($1, $2, $3)")
            .execute(Tuple.of(id, username, passwordHash))
            .compose(rows -> UsageRecords.insert(conn, java.util.List.of(
                UsageRecord.signedUp(id.toString(), username, System.currentTimeMillis())))))
        .<StoredUser>map(v -> new StoredUser(id.toString(), username, passwordHash, false))
        .onSuccess(u -> afterCommit.run())
        .recover(err -> err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(FailureCode.USERNAME_TAKEN.exception(null))
            : Future.failedFuture(err));
  }

  /** The user with that username, or null. */
  Future<StoredUser> findByName(String username) {
    return pool.preparedQuery("select id, username, password_hash, admin from session.users where username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
  }

  /** The user with that id, or null. */
  Future<StoredUser> findById(String userId) {
    return pool.preparedQuery("select id, username, password_hash, admin from session.users where id = $1")
        .execute(Tuple.of(UUID.fromString(userId)))
        .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
  }

  private static StoredUser toUser(Row row) {
    return new StoredUser(row.getUUID("id").toString(), row.getString("username"), row.getString("password_hash"),
        row.getBoolean("admin"));
  }

  /** Grants or revokes the admin role; false when no user has that name. */
  Future<Boolean> setAdmin(String username, boolean admin) {
    return pool.preparedQuery("update session.users set admin = $2 where username = $1")
        .execute(Tuple.of(username, admin))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The usernames with the admin role, by name. */
  Future<java.util.List<String>> admins() {
    return pool.query("select username from session.users where admin order by username")
        .execute()
        .map(rows -> {
          java.util.List<String> names = new java.util.ArrayList<>();
          rows.forEach(row -> names.add(row.getString("username")));
          return names;
        });
  }
}
