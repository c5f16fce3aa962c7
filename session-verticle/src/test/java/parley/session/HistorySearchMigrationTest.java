package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.contract.browser.SearchLanguageSet;
import parley.session.testing.DatabaseAtMigration;
import parley.session.testing.SessionHarness;

/**
 * Messages stored before migration V9 are found after it: its backfill gives them their words. V20
 * (a search language per user) leaves what was stored, and takes exactly the languages the contract offers.
 */
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

  @Test
  void v20KeepsWhatWasStoredAndTakesTheContractsLanguagesOnly() throws Exception {
    DatabaseAtMigration before = DatabaseAtMigration.at("19");
    String user = before.user.toString();
    before.execute("insert into session.messages (user_id, account_id, peer, direction, body)"
        + " values ('" + user + "', '" + before.account + "', 'bob@example.org', 'in', 'I was running late')");
    SessionHarness session = SessionHarness.start(before.db, new JsonObject());
    try {
      JsonObject search = new JsonObject().put("type", BrowserCommand.HISTORY_SEARCH);
      assertEquals(1, session.command(user, search.copy().put("text", "running")).getJsonArray("results").size());
      assertEquals(SearchLanguageSet.NONE,
          session.command(user, new JsonObject().put("type", BrowserCommand.ATTACH)).getJsonObject("state").getString("searchLanguage"));
      Pool pool = session.pool();
      // The planner's finer statistics of the words (a rare word with its stem is asked of the index).
      assertEquals(1000, pool.query("select attstattarget from pg_attribute where attrelid = 'session.messages'::regclass"
          + " and attname = 'search'").execute().await().iterator().next().getInteger(0));
      // Every language the page offers is a text search configuration the database takes; nothing else is.
      for (String language : SearchLanguageSet.LANGUAGES) {
        Row row = pool.preparedQuery("update session.users set search_language = $1 where id = $2"
                + " returning search_language::regconfig::text as config, to_tsvector(search_language::regconfig, 'running')::text as words")
            .execute(Tuple.of(language, before.user)).await().iterator().next();
        assertEquals(language, row.getString("config"));
      }
      assertThrows(PgException.class, () -> pool.preparedQuery("update session.users set search_language = 'simple' where id = $1")
          .execute(Tuple.of(before.user)).await());
    } finally {
      session.close();
    }
  }
}
