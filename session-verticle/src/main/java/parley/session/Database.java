package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * The session verticle's PostgreSQL: an external server when {@code db.url} is set
 * ({@code postgresql://user:password@host:5432/db}), otherwise an embedded one. The schema is
 * brought up to date with Flyway migrations before the pool is handed out.
 */
public final class Database {
  private final Pool pool;
  private final int poolSize;
  private final EmbeddedPostgresServer embedded;

  private Database(Pool pool, int poolSize, EmbeddedPostgresServer embedded) {
    this.pool = pool;
    this.poolSize = poolSize;
    this.embedded = embedded;
  }

  public Pool pool() {
    return pool;
  }

  /** The pool's connections at most ({@code db.poolSize}). */
  public int poolSize() {
    return poolSize;
  }

  public static Future<Database> open(Vertx vertx, JsonObject dbConfig) {
    String url = dbConfig.getString("url");
    return vertx.executeBlocking(() -> {
      EmbeddedPostgresServer embedded = null;
      PgConnectOptions options;
      if (url != null && !url.isBlank()) {
        options = PgConnectOptions.fromUri(url);
      } else {
        embedded = EmbeddedPostgresServer.start(dbConfig.getString("embeddedDataDir", "data/postgres"));
        options = embedded.connectOptions();
      }
      migrate(options);
      // Each statement is parsed once per connection; then running it is one round trip, not two.
      options.setCachePreparedStatements(true);
      int poolSize = dbConfig.getInteger("poolSize", 8);
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(poolSize))
          .connectingTo(options)
          .using(vertx)
          .build();
      return new Database(pool, poolSize, embedded);
    }, false);
  }

  private static void migrate(PgConnectOptions options) {
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway.configure()
        .dataSource(jdbcUrl, options.getUser(), options.getPassword())
        .schemas("session")
        .locations("classpath:db/session")
        // Flyway's lock in a session, not in a transaction it keeps open: an open transaction would
        // make a CREATE INDEX CONCURRENTLY (V9, run outside a transaction) wait for it forever.
        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
        .load()
        .migrate();
  }

  public Future<Void> close(Vertx vertx) {
    return pool.close().eventually(() -> embedded == null
        ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          embedded.close();
          return null;
        }));
  }
}
