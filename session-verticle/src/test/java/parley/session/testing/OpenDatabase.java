package parley.session.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import parley.session.Database;

/**
 * A fresh session database, migrated and open, for each test of a class that registers it
 * ({@code @RegisterExtension final OpenDatabase db = new OpenDatabase();}), with the Vert.x it runs on.
 */
public final class OpenDatabase implements BeforeEachCallback, AfterEachCallback {
  private Vertx vertx;
  private Database db;

  @Override
  public void beforeEach(ExtensionContext context) {
    vertx = Vertx.vertx();
    db = Database.open(vertx, TestDatabase.freshDatabase()).await();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    db.close(vertx).await();
    vertx.close().await();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return db.pool();
  }

  /** A new user, for a test that writes its rows straight into the database. */
  public UUID user(String name) {
    UUID id = UUID.randomUUID();
    pool().preparedQuery("insert into session.users (id, username, password_hash) values ($1, $2, 'x')")
        .execute(Tuple.of(id, name)).await();
    return id;
  }

  /** A new XMPP account of the user. */
  public UUID account(UUID user, String login) {
    UUID id = UUID.randomUUID();
    pool().preparedQuery("insert into session.im_accounts (id, user_id, network, login, secret, tls)"
            + " values ($1, $2, 'xmpp', $3, '\\x00', 'off')")
        .execute(Tuple.of(id, user, login)).await();
    return id;
  }
}
