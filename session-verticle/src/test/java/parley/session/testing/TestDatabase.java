package parley.session.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server named by {@code PARLEY_TEST_DB_URL}
 * ({@code postgresql://user:password@host:port/db}) when set, otherwise one embedded server per
 * JVM. Every call to {@link #freshDatabase()} creates an empty database, so tests do not see each
 * other's rows; on a named server they are dropped when the JVM ends, so runs do not pile them up.
 */
public final class TestDatabase {
  private static URI server;
  private static EmbeddedPostgres embedded;
  /** Databases made on the named server, dropped when the JVM ends. */
  private static final List<String> created = new ArrayList<>();

  private TestDatabase() {}

  /** The {@code db} configuration section for a new, empty database. */
  public static synchronized JsonObject freshDatabase() {
    URI base = server();
    String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "");
    String userInfo = base.getUserInfo();
    String user = userInfo.split(":", 2)[0];
    String password = userInfo.contains(":") ? userInfo.split(":", 2)[1] : "";
    String jdbc = "jdbc:postgresql://" + base.getHost() + ":" + base.getPort() + base.getPath();
    try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create a test database on " + base.getHost() + ":" + base.getPort(), e);
    }
    if (embedded == null) {
      if (created.isEmpty()) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(jdbc, user, password)));
      }
      created.add(name);
    }
    return new JsonObject().put("url", "postgresql://" + userInfo + "@" + base.getHost() + ":" + base.getPort() + "/" + name);
  }

  private static synchronized void dropCreated(String jdbc, String user, String password) {
    try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement()) {
      for (String name : created) {
        // FORCE: a pool a test left open must not keep its database.
        s.execute("drop database if exists " + name + " with (force)");
      }
    } catch (SQLException e) {
      System.err.println("Test databases not dropped (" + created.size() + " left): " + e.getMessage());
    }
  }

  private static URI server() {
    if (server != null) {
      return server;
    }
    String external = System.getenv("PARLEY_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      server = URI.create(external);
      return server;
    }
    try {
      // pg_stat_statements loaded, so that RelayedMessageStatementsTest can count what a message costs.
      embedded = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException("Embedded PostgreSQL did not start (it refuses to run as root: run the tests with"
          + " the README's test command, or set PARLEY_TEST_DB_URL)", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
    server = URI.create("postgresql://postgres:postgres@127.0.0.1:" + embedded.getPort() + "/postgres");
    return server;
  }
}
