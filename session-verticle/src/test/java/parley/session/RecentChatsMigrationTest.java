package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.contract.BrowserCommand;
import parley.session.testing.DatabaseAtMigration;
import parley.session.testing.SessionHarness;

/** Chats of messages stored before migration V13 are among the recent ones after it, at their newest message. */
@Timeout(120)
class RecentChatsMigrationTest {
  @Test
  void chatsOfMessagesStoredBeforeTheMigrationAreListed() throws Exception {
    DatabaseAtMigration before = DatabaseAtMigration.at("10");
    String user = before.user.toString();
    before.storeMessage("bob@example.org", "in", "old from bob", "sent");
    before.storeMessage("carol@example.org", "out", "to carol", "sent");
    before.storeMessage("bob@example.org", "out", "newest to bob", "sent");

    SessionHarness session = SessionHarness.start(before.db, new JsonObject());
    try {
      JsonArray chats = session.command(user, new JsonObject().put("type", BrowserCommand.CHATS_RECENT)).getJsonArray("chats");
      assertEquals(2, chats.size());
      assertEquals("bob@example.org", chats.getJsonObject(0).getString("peer"));
      assertEquals("newest to bob", chats.getJsonObject(0).getJsonObject("message").getString("text"));
      assertEquals("carol@example.org", chats.getJsonObject(1).getString("peer"));
    } finally {
      session.close();
    }
  }
}
