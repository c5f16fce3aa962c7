package parley.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import parley.contract.FailureCode;

/** The IM account registry in PostgreSQL. */
final class AccountStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  AccountStore(Pool pool) {
    this.pool = pool;
  }

  Future<List<ImAccount>> list(String userId) {
    return pool.preparedQuery("select * from session.im_accounts where user_id = $1 order by created_at, id")
        .execute(Tuple.of(UUID.fromString(userId)))
        .map(rows -> {
          List<ImAccount> out = new ArrayList<>();
          rows.forEach(row -> out.add(toAccount(row)));
          return out;
        });
  }

  Future<ImAccount> insert(ImAccount a) {
    return pool.preparedQuery("insert into session.im_accounts (id, user_id, network, login, secret, host, port, tls, auto_connect)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(Tuple.of(UUID.fromString(a.id()), UUID.fromString(a.userId()), a.network(), a.login(),
            Buffer.buffer(a.secret()), a.host(), a.port(), a.tls(), a.autoConnect()))
        .map(rows -> a)
        .recover(AccountStore::duplicate);
  }

  Future<ImAccount> update(ImAccount a) {
    // Another login is another archive: its position starts afresh.
    return pool.preparedQuery("update session.im_accounts set login = $3, secret = $4, host = $5, port = $6, tls = $7,"
            + " auto_connect = $8, archive_id = case when login = $3 then archive_id end where id = $1 and user_id = $2")
        .execute(Tuple.of(UUID.fromString(a.id()), UUID.fromString(a.userId()), a.login(), Buffer.buffer(a.secret()),
            a.host(), a.port(), a.tls(), a.autoConnect()))
        .map(rows -> a)
        .recover(AccountStore::duplicate);
  }

  Future<Void> setAutoConnect(String accountId, boolean value) {
    return pool.preparedQuery("update session.im_accounts set auto_connect = $2 where id = $1")
        .execute(Tuple.of(UUID.fromString(accountId), value))
        .mapEmpty();
  }

  Future<Void> delete(String userId, String accountId) {
    return pool.preparedQuery("delete from session.im_accounts where id = $1 and user_id = $2")
        .execute(Tuple.of(UUID.fromString(accountId), UUID.fromString(userId)))
        .mapEmpty();
  }

  private static <T> Future<T> duplicate(Throwable err) {
    if (err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(FailureCode.INVALID_FIELD.exception("You already have an account with that login."));
    }
    return Future.failedFuture(err);
  }

  private static ImAccount toAccount(Row row) {
    return new ImAccount(row.getUUID("id").toString(), row.getUUID("user_id").toString(), row.getString("network"),
        row.getString("login"), row.getBuffer("secret").getBytes(), row.getString("host"), row.getInteger("port"),
        row.getString("tls"), row.getBoolean("auto_connect"), row.getString("archive_id"));
  }
}
