package parley.session.testing;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A fresh database migrated only up to one version of the session's schema, holding a user alice
 * with one XMPP account: rows written as the older schema had them, for a test that the later
 * migrations (which the session runs when it starts on {@link #db}) carry them over.
 */
public final class DatabaseAtMigration {
  /** The {@code db} configuration section for the database. */
  public final JsonObject db;
  public final UUID user = UUID.randomUUID();
  public final UUID account = UUID.randomUUID();
  private final PgConnectOptions options;
  private final String jdbc;

  private DatabaseAtMigration(JsonObject db) {
    this.db = db;
    options = PgConnectOptions.fromUri(db.getString("url"));
    jdbc = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  /** A new database at migration {@code version}, with alice and her account. */
  public static DatabaseAtMigration at(String version) throws SQLException {
    DatabaseAtMigration database = new DatabaseAtMigration(TestDatabase.freshDatabase());
    Flyway.configure().dataSource(database.jdbc, database.options.getUser(), database.options.getPassword())
        .schemas("session").locations("classpath:db/session").target(version)
        // As the session does (Database): V9 builds an index CONCURRENTLY, which would wait forever
        // for a lock Flyway held in an open transaction.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
    database.execute(
        "insert into session.users (id, username, password_hash) values ('" + database.user + "', 'alice', 'x')",
        "insert into session.im_accounts (id, user_id, network, login, secret, tls) values ('" + database.account
            + "', '" + database.user + "', 'xmpp', 'alice@example.org', '\\x00', 'required')");
    return database;
  }

  /** Stores a message of alice's account in her chat with {@code peer}, as the schema at this version takes it. */
  public void storeMessage(String peer, String direction, String body, String status) throws SQLException {
    execute("insert into session.messages (user_id, account_id, peer, direction, body, status) values ('" + user
        + "', '" + account + "', '" + peer + "', '" + direction + "', '" + body + "', '" + status + "')");
  }

  /** Runs the statements, in order, on the database as it is. */
  public void execute(String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, options.getUser(), options.getPassword());
         Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }
}
