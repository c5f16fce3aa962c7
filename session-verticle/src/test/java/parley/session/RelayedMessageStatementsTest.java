package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.contract.MessageStatus;
import parley.contract.NodeEvent;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * What PostgreSQL does per message relayed between two Parley users (issue 16), counted by
 * pg_stat_statements: alice sends from the page (with its client message id, as the page does),
 * the node takes it, bob's node receives it (with the server's stanza and archive ids, as Prosody
 * gives them), and bob's client's receipt comes back to alice. Prints the table (statement,
 * calls, rows and execution time per message) and checks the message path's statements per
 * message. Runs only where the server preloads pg_stat_statements (a private server: the shared
 * test server does not, see docs/benchmarks.md, issue 16); skipped elsewhere.
 */
class RelayedMessageStatementsTest {
  private static final String NODE_ID = "statements-node";
  private static final int MESSAGES = 50;
  private static final long STATS_FLUSH_MS = 11_000;

  private SessionHarness session;
  private Pool pool;

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void aRelayedMessageCostsFourStatementsOnItsPath() throws Exception {
    StandInNode node = new StandInNode(TestNetworks.XMPP, NODE_ID);
    session = SessionHarness.start(node);
    pool = session.pool();
    String preload = pool.query("show shared_preload_libraries").execute().await().iterator().next().getString(0);
    assumeTrue(preload.contains("pg_stat_statements"), "the server does not preload pg_stat_statements");
    pool.query("create extension if not exists pg_stat_statements").execute().await();

    String alice = session.signUp("alice");
    String bob = session.signUp("bob");
    SessionHarness.Connected aliceAccount = session.connectedAccount(alice, node, "alice@example.org", null);
    SessionHarness.Connected bobAccount = session.connectedAccount(bob, node, "bob@example.org", null);

    relay(alice, aliceAccount, bob, bobAccount, 0); // first use: statements prepared, rows of the chat created
    // A backend reports its table and transaction counts when idle, at the latest 10 s later (PostgreSQL 15).
    Thread.sleep(STATS_FLUSH_MS);
    pool.query("select pg_stat_statements_reset(), pg_stat_reset()").execute().await();
    for (int i = 1; i <= MESSAGES; i++) {
      relay(alice, aliceAccount, bob, bobAccount, i);
    }

    Thread.sleep(STATS_FLUSH_MS);
    printWrites();
    List<Row> rows = new ArrayList<>();
    pool.query("select calls, rows, total_exec_time, query from pg_stat_statements"
            + " where dbid = (select oid from pg_database where datname = current_database())"
            + " and query not like '%pg_stat_statements%' order by calls desc, query")
        .execute().await().forEach(rows::add);
    long onPath = 0;
    double pathMs = 0;
    System.out.printf("%n%d messages relayed alice -> bob; per message:%n%8s %8s %10s  %s%n", MESSAGES, "calls", "rows",
        "exec µs", "statement");
    for (Row r : rows) {
      String q = r.getString("query").replaceAll("\\s+", " ");
      // The message path: the statements that touch the messages (timers, such as the lease's renewal, do not).
      boolean path = q.contains("session.messages");
      if (path) {
        onPath += r.getLong("calls");
        pathMs += r.getDouble("total_exec_time");
      }
      System.out.printf("%8.2f %8.2f %10.1f  %s%s%n", r.getLong("calls") / (double) MESSAGES,
          r.getLong("rows") / (double) MESSAGES, r.getDouble("total_exec_time") * 1000 / MESSAGES, path ? "* " : "  ",
          q.length() > 110 ? q.substring(0, 110) + "…" : q);
    }
    System.out.printf("message path (*): %.2f statements (each its own transaction), %.1f µs executing, per message%n",
        onPath / (double) MESSAGES, pathMs * 1000 / MESSAGES);
    // Stored pending (once per client id), marked sent with its usage record, stored received
    // with its usage record and unread count, marked delivered: each its own statement and commit.
    assertEquals(4 * MESSAGES, onPath, "statements on the message path");
    // The sent and delivered marks change the row in place (heap-only): no new entry in any of the
    // messages' indexes, the search index's words included. (PostgreSQL makes one so only when the row's
    // page has room for the new version: nearly all, not always; with an index on status, none.)
    Row updates = pool.query("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relid = 'session.messages'::regclass")
        .execute().await().iterator().next();
    assertEquals(2 * MESSAGES, updates.getLong(0), "status marks");
    assertTrue(updates.getLong(1) >= updates.getLong(0) * 9 / 10,
        updates.getLong(1) + " of " + updates.getLong(0) + " status marks made in place (heap-only)");
    // Each chat's newest message id moves with each message stored in it, in place too (V24: no
    // index names it; with V13's, none was).
    Row chats = pool.query("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relid = 'session.chats'::regclass")
        .execute().await().iterator().next();
    assertEquals(2 * MESSAGES, chats.getLong(0), "chats' newest messages moved");
    assertTrue(chats.getLong(1) >= chats.getLong(0) * 9 / 10,
        chats.getLong(1) + " of " + chats.getLong(0) + " chats' newest messages moved in place (heap-only)");
  }

  /**
   * Commits and rows written per message, by table, in the test's database: besides the message
   * path these include the timers' work (the shard lease's renewal) and the test's own reads.
   */
  private void printWrites() {
    Row db = pool.query("select xact_commit, xact_rollback from pg_stat_database where datname = current_database()")
        .execute().await().iterator().next();
    System.out.printf("%ncommits %.2f, rollbacks %.2f per message (all of the database's transactions)%n",
        db.getLong(0) / (double) MESSAGES, db.getLong(1) / (double) MESSAGES);
    System.out.printf("%8s %8s %8s %8s  %s%n", "ins", "upd", "hot upd", "del", "table (rows per message)");
    pool.query("select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables"
            + " where n_tup_ins + n_tup_upd + n_tup_del > 0 order by relname")
        .execute().await().forEach(r -> System.out.printf("%8.2f %8.2f %8.2f %8.2f  %s%n", r.getLong(1) / (double) MESSAGES,
            r.getLong(2) / (double) MESSAGES, r.getLong(3) / (double) MESSAGES, r.getLong(4) / (double) MESSAGES,
            r.getString(0)));
  }

  /** Message {@code i} from alice to bob, through to bob's page and back to alice's as delivered. */
  private void relay(String alice, SessionHarness.Connected aliceAccount, String bob, SessionHarness.Connected bobAccount,
                     int i) throws InterruptedException {
    String text = "message " + i;
    JsonObject sent = session.command(alice, new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
        .put("accountId", aliceAccount.accountId()).put("to", "bob@example.org").put("text", text)
        .put(BrowserCommand.CLIENT_ID, UUID.randomUUID().toString())).getJsonObject("message");
    assertEquals(MessageStatus.SENT, sent.getString("status"));
    session.nodeEvent(NODE_ID, bob, bobAccount.accountId(), NodeEvent.MESSAGE_RECEIVED, new JsonObject()
        .put("from", "alice@example.org").put("text", text).put("stanzaId", "s-" + i).put("archiveId", "s-" + i)
        .put("remoteId", "r-" + i).put("markerId", "r-" + i).put("eventId", "e-" + i));
    assertEquals(text, nextMessage(bobAccount.events(), BrowserEvent.MESSAGE).getString("text"));
    session.nodeEvent(NODE_ID, alice, aliceAccount.accountId(), NodeEvent.MESSAGE_STATUS, new JsonObject()
        .put("messageId", String.valueOf(sent.getLong("id"))).put("from", "bob@example.org")
        .put("status", MessageStatus.DELIVERED));
    JsonObject delivered;
    do {
      delivered = nextMessage(aliceAccount.events(), BrowserEvent.MESSAGE_STATUS);
    } while (!MessageStatus.DELIVERED.equals(delivered.getString("status")));
  }

  private static JsonObject nextMessage(BlockingQueue<JsonObject> events, String type) throws InterruptedException {
    return SessionHarness.nextEvent(events, type).getJsonObject("message");
  }
}
