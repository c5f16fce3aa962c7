package parley.session;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import parley.contract.FailureCode;

/** Parley users in PostgreSQL. */
final class UserStore {
  record StoredUser(String id, String username, String passwordHash) {}

  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  UserStore(Pool pool) {
    this.pool = pool;
  }

  Future<StoredUser> create(String username, String passwordHash) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("insert into session.users (id, username, password_hash) values ($1, $2, $3)")
        .execute(Tuple.of(id, username, passwordHash))
        .<StoredUser>map(rows -> new StoredUser(id.toString(), username, passwordHash))
        .recover(err -> err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(FailureCode.USERNAME_TAKEN.exception(null))
            : Future.failedFuture(err));
  }

  /** The user with that username, or null. */
  Future<StoredUser> findByName(String username) {
    return pool.preparedQuery("select id, username, password_hash from session.users where username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
  }

  /** The user with that id, or null. */
  Future<StoredUser> findById(String userId) {
    return pool.preparedQuery("select id, username, password_hash from session.users where id = $1")
        .execute(Tuple.of(UUID.fromString(userId)))
        .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
  }

  private static StoredUser toUser(Row row) {
    return new StoredUser(row.getUUID("id").toString(), row.getString("username"), row.getString("password_hash"));
  }
}
