package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * Billing's PostgreSQL ({@code db.url}), its schema {@code billing} brought up to date by Flyway
 * before the pool is handed out. Billing does not start a database of its own: in the all-in-one
 * mode the launcher gives every verticle the same one.
 */
final class BillingDatabase {
  private BillingDatabase() {}

  static Future<Pool> open(Vertx vertx, JsonObject dbConfig) {
    String url = dbConfig.getString("url");
    if (url == null || url.isBlank()) {
      return Future.failedFuture(new IllegalStateException(
          "Billing needs a PostgreSQL: set db.url (PARLEY_DB_URL), or run it in the all-in-one mode"));
    }
    return vertx.executeBlocking(() -> {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      Flyway.configure()
          .dataSource("jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase(),
              options.getUser(), options.getPassword())
          .schemas("billing")
          .locations("classpath:db/billing")
          .load()
          .migrate();
      // Billing runs a few fixed statements per usage batch: parse each once per connection.
      options.setCachePreparedStatements(true);
      return PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(dbConfig.getInteger("poolSize", 8)))
          .connectingTo(options)
          .using(vertx)
          .build();
    }, false);
  }
}
