package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.session.testing.DatabaseAtMigration;
import parley.session.testing.SessionHarness;

/** Messages stored before migration V9 are found after it: its backfill gives them their words. */
@Timeout(120)
class HistorySearchMigrationTest {
  @Test
  void messagesStoredBeforeTheMigrationAreFound() throws Exception {
    DatabaseAtMigration before = DatabaseAtMigration.at("7");
    String user = before.user.toString();
    UUID account = before.account;
    before.execute(
        // More than one backfill batch of ids.
        "insert into session.messages (user_id, account_id, peer, direction, body)"
            + " select '" + user + "', '" + account + "', 'bob@example.org', 'in', 'old note ' || g"
            + " from generate_series(1, 25000) g",
        "insert into session.messages (user_id, account_id, peer, direction, body)"
            + " values ('" + user + "', '" + account + "', 'bob@example.org', 'in', 'the last zebra')");

    SessionHarness session = SessionHarness.start(before.db, new JsonObject());
    try {
      JsonObject search = new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH);
      JsonObject zebra = session.command(user, search.copy().put("text", "zebra"));
      assertEquals(1, zebra.getJsonArray("results").size());
      JsonObject old = session.command(user, search.copy().put("text", "note 12345"));
      assertEquals(1, old.getJsonArray("results").size());
      assertEquals("12345", old.getJsonArray("results").getJsonObject(0).getJsonArray("snippet").getString(3));
    } finally {
      session.close();
    }
  }
}
