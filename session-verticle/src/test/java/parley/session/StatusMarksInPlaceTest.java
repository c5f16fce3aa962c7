package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import parley.session.testing.OpenDatabase;

/**
 * The status marks on a real PostgreSQL, as messages arrive under load: a message is marked sent
 * while later messages are being stored on its page. A mark that finds no room on the row's page
 * writes the row anew on another page and into every index of the messages, the search index's
 * words included (issue 16: a fifth to two fifths of the suite's sent marks did).
 */
class StatusMarksInPlaceTest {
  private static final int MESSAGES = 400;
  /** How many later messages are stored before a message is marked sent. */
  private static final int LAG = 15;
  private static final String BODY = "a message of about a hundred bytes as the benchmark sends them, padded: " + "x".repeat(30);

  @RegisterExtension
  final OpenDatabase db = new OpenDatabase();

  @Test
  void aMessageMarkedSentAfterLaterMessagesFilledItsPageIsChangedInPlace() {
    UUID alice = db.user("alice");
    UUID aliceAccount = db.account(alice, "alice@example.org");
    UUID bob = db.user("bob");
    UUID bobAccount = db.account(bob, "bob@example.org");

    Deque<Long> pending = new ArrayDeque<>();
    int marks = 0;
    int inPlace = 0;
    for (int i = 0; i < MESSAGES; i++) {
      pending.add(db.pool().preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, status,"
              + " client_id) values ($1, $2, 'bob@example.org', 'out', $3, 'pending', $4) returning id")
          .execute(Tuple.of(alice, aliceAccount, BODY + i, "c" + i)).await().iterator().next().getLong(0));
      db.pool().preparedQuery("insert into session.messages (user_id, account_id, peer, direction, body, event_id)"
              + " values ($1, $2, 'alice@example.org', 'in', $3, $4)")
          .execute(Tuple.of(bob, bobAccount, BODY + i, "e" + i)).await();
      if (pending.size() > LAG) {
        marks++;
        inPlace += markSent(pending.poll()) ? 1 : 0;
      }
    }
    assertEquals(MESSAGES - LAG, marks);
    // Only a row whose page has room for its new version is changed in place; a mark changes no
    // indexed column, so a new version on the same page is a heap-only one.
    assertTrue(inPlace >= marks * 99 / 100, inPlace + " of " + marks + " sent marks made on the row's own page");
  }

  /** Marks the message sent, as the session does; whether its new version stayed on the same page. */
  private boolean markSent(long id) {
    String page = "(ctid::text::point)[0]";
    double before = db.pool().preparedQuery("select " + page + " from session.messages where id = $1")
        .execute(Tuple.of(id)).await().iterator().next().getDouble(0);
    double after = db.pool().preparedQuery("update session.messages set status = 'sent' where id = $1 returning " + page)
        .execute(Tuple.of(id)).await().iterator().next().getDouble(0);
    return before == after;
  }
}
