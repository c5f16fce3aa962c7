package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.session.testing.TestDatabase;

/** Chats of messages stored before migration V13 are among the recent ones after it, at their newest message. */
@Timeout(120)
class RecentChatsMigrationTest {
  @Test
  void chatsOfMessagesStoredBeforeTheMigrationAreListed() throws Exception {
    JsonObject db = TestDatabase.freshDatabase();
    PgConnectOptions options = PgConnectOptions.fromUri(db.getString("url"));
    String jdbc = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway.configure().dataSource(jdbc, options.getUser(), options.getPassword()).schemas("session")
        .locations("classpath:db/session").target("10")
        // As the session does (Database): V9 builds an index CONCURRENTLY, which would wait forever
        // for a lock Flyway held in an open transaction.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
    UUID user = UUID.randomUUID();
    UUID account = UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(jdbc, options.getUser(), options.getPassword());
         Statement s = c.createStatement()) {
      s.execute("insert into session.users (id, username, password_hash) values ('" + user + "', 'alice', 'x')");
      s.execute("insert into session.im_accounts (id, user_id, network, login, secret, tls) values ('" + account + "', '"
          + user + "', 'xmpp', 'alice@example.org', '\\x00', 'required')");
      s.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
          + " values ('" + user + "', '" + account + "', 'bob@example.org', 'in', 'old from bob')");
      s.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
          + " values ('" + user + "', '" + account + "', 'carol@example.org', 'out', 'to carol')");
      s.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
          + " values ('" + user + "', '" + account + "', 'bob@example.org', 'out', 'newest to bob')");
    }

    Vertx vertx = Vertx.vertx();
    try {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("db", db)
          .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key))))).await();
      JsonArray chats = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS,
          new JsonObject().put("type", BrowserCommand.CHATS_RECENT),
          new DeliveryOptions().addHeader(Headers.USER_ID, user.toString())).await().body().getJsonArray("chats");
      assertEquals(2, chats.size());
      assertEquals("bob@example.org", chats.getJsonObject(0).getString("peer"));
      assertEquals("newest to bob", chats.getJsonObject(0).getJsonObject("message").getString("text"));
      assertEquals("carol@example.org", chats.getJsonObject(1).getString("peer"));
    } finally {
      vertx.close().await();
    }
  }
}
