package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.session.testing.TestDatabase;

/** Messages stored before migration V9 are found after it: its backfill gives them their words. */
@Timeout(120)
class HistorySearchMigrationTest {
  @Test
  void messagesStoredBeforeTheMigrationAreFound() throws Exception {
    JsonObject db = TestDatabase.freshDatabase();
    PgConnectOptions options = PgConnectOptions.fromUri(db.getString("url"));
    String jdbc = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway.configure().dataSource(jdbc, options.getUser(), options.getPassword()).schemas("session")
        .locations("classpath:db/session").target("7").load().migrate();
    UUID user = UUID.randomUUID();
    UUID account = UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(jdbc, options.getUser(), options.getPassword());
         Statement s = c.createStatement()) {
      s.execute("insert into session.users (id, username, password_hash) values ('" + user + "', 'alice', 'x')");
      s.execute("insert into session.im_accounts (id, user_id, network, login, secret, tls) values ('" + account + "', '"
          + user + "', 'xmpp', 'alice@example.org', '\\x00', 'required')");
      // More than one backfill batch of ids.
      s.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
          + " select '" + user + "', '" + account + "', 'bob@example.org', 'in', 'old note ' || g from generate_series(1, 25000) g");
      s.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
          + " values ('" + user + "', '" + account + "', 'bob@example.org', 'in', 'the last zebra')");
    }

    Vertx vertx = Vertx.vertx();
    try {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("db", db)
          .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key))))).await();
      JsonObject zebra = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS,
          new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "zebra"),
          new DeliveryOptions().addHeader(Headers.USER_ID, user.toString())).await().body();
      assertEquals(1, zebra.getJsonArray("results").size());
      JsonObject old = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS,
          new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH).put("text", "note 12345"),
          new DeliveryOptions().addHeader(Headers.USER_ID, user.toString())).await().body();
      assertEquals(1, old.getJsonArray("results").size());
      assertEquals("12345", old.getJsonArray("results").getJsonObject(0).getJsonArray("snippet").getString(3));
    } finally {
      vertx.close().await();
    }
  }
}
