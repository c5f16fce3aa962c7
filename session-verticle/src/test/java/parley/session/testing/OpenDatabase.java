package parley.session.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
}
