package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.contract.MessageStatus;
import parley.session.testing.DatabaseAtMigration;
import parley.session.testing.SessionHarness;

/**
 * A message left pending before migration V21 (its sending process stopped) is still found and
 * shown as maybe sent by the process that loads its user after the upgrade; a sent one stays sent.
 */
@Timeout(120)
class PendingSendsMigrationTest {
  @Test
  void aMessageLeftPendingBeforeTheMigrationIsSettledAfterIt() throws Exception {
    DatabaseAtMigration before = DatabaseAtMigration.at("20");
    String user = before.user.toString();
    String account = before.account.toString();
    before.storeMessage("bob@example.org", "out", "sent before", "sent");
    before.storeMessage("bob@example.org", "out", "cut off before", "pending");

    SessionHarness session = SessionHarness.start(before.db, new JsonObject());
    try {
      JsonArray messages = session.command(user, new JsonObject().put("type", BrowserCommand.HISTORY_GET)
          .put("accountId", account).put("peer", "bob@example.org")).getJsonArray("messages");
      List<String> shown = messages.stream().map(JsonObject.class::cast)
          .map(m -> m.getString("text") + ": " + m.getString("status")).toList();
      assertEquals(List.of("sent before: " + MessageStatus.SENT, "cut off before: " + MessageStatus.UNSURE), shown);
      long listed = session.pool().query("select count(*) from session.pending_sends").execute().await()
          .iterator().next().getLong(0);
      assertEquals(0, listed, "settled messages are no longer listed as pending");
    } finally {
      session.close();
    }
  }
}
