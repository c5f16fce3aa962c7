package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import parley.session.testing.DatabaseAtMigration;
import parley.session.testing.OpenDatabase;

/**
 * Whose a stored message is, on a real PostgreSQL: the account it came through and that account's
 * user, checked together (V23), and gone with either, the messages stored before V23 too.
 */
class MessageOwnerTest {
  @RegisterExtension
  final OpenDatabase db = new OpenDatabase();

  @Test
  void aMessageOfOneUserThroughAnotherUsersAccountIsRefused() {
    UUID alice = db.user("alice");
    UUID bob = db.user("bob");
    UUID bobAccount = db.account(bob, "bob@example.org");

    PgException refused = assertThrows(PgException.class, () -> message(alice, bobAccount));
    assertEquals("23503", refused.getSqlState(), refused.getMessage());
    assertEquals(0, messages(alice));
    message(bob, bobAccount);
    assertEquals(1, messages(bob));
  }

  @Test
  void anAccountsMessagesGoWithItAndAUsersWithTheUser() {
    UUID alice = db.user("alice");
    UUID work = db.account(alice, "alice@work.example.org");
    UUID home = db.account(alice, "alice@home.example.org");
    message(alice, work);
    message(alice, home);
    message(alice, home);

    db.pool().preparedQuery("delete from session.im_accounts where id = $1").execute(Tuple.of(work)).await();
    assertEquals(2, messages(alice));
    db.pool().preparedQuery("delete from session.users where id = $1").execute(Tuple.of(alice)).await();
    assertEquals(0, messages(alice));
  }

  @Test
  void messagesStoredBeforeTheMigrationAreKeptAndGoWithTheirAccount() throws Exception {
    DatabaseAtMigration before = DatabaseAtMigration.at("22");
    before.storeMessage("bob@example.org", "in", "hello before", "sent");
    before.storeMessage("bob@example.org", "out", "hello back", "sent");

    Database migrated = Database.open(db.vertx(), before.db).await();
    try {
      Pool pool = migrated.pool();
      String count = "select count(*) from session.messages where user_id = $1 and account_id = $2";
      assertEquals(2, pool.preparedQuery(count).execute(Tuple.of(before.user, before.account)).await().iterator().next().getLong(0));
      pool.preparedQuery("delete from session.im_accounts where id = $1").execute(Tuple.of(before.account)).await();
      assertEquals(0, pool.preparedQuery(count).execute(Tuple.of(before.user, before.account)).await().iterator().next().getLong(0));
    } finally {
      migrated.close(db.vertx()).await();
    }
  }

  private void message(UUID user, UUID account) {
    db.pool().preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body)"
        + " values ($1, $2, 'carol@example.org', 'in', 'hello')").execute(Tuple.of(user, account)).await();
  }

  private long messages(UUID user) {
    return db.pool().preparedQuery("select count(*) from session.messages where user_id = $1").execute(Tuple.of(user))
        .await().iterator().next().getLong(0);
  }
}
