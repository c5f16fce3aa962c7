package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.contract.MessageStatus;
import parley.contract.Shards;
import parley.contract.UsageKind;
import parley.contract.browser.StoredMessage;
import parley.contract.testing.TestNetworks;
import parley.session.testing.SessionHarness;
import parley.session.testing.StandInNode;

/**
 * The message writes of many users as one multi-row statement (issue 16), on a real PostgreSQL:
 * while the messages table is locked the writes wait, and once it is free the first goes alone and
 * the rest as one statement. Each caller hears of its own row only, every row is stored once with
 * its usage record and unread count, a write whose fence no longer holds fails alone, and one the
 * account had already answers "already there" alone.
 */
class MultiRowWritesTest {
  private static final int USERS = 6;

  private SessionHarness session;
  private Pool pool;
  private GroupCommit writes;
  private HistoryStore history;
  private final List<String> users = new ArrayList<>();
  private final Map<String, ImAccount> accounts = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    StandInNode node = new StandInNode(TestNetworks.XMPP, "multi-row-node", command -> Future.succeededFuture(new JsonObject()));
    session = SessionHarness.start(node);
    pool = session.pool();
    writes = new GroupCommit(pool, 1, GroupCommit.MAX_BATCH);
    history = new HistoryStore(pool, writes, () -> { });
    for (int i = 0; i < USERS; i++) {
      String user = session.signUp("user" + i);
      String accountId = session.connectedAccount(user, node, "user" + i + "@example.org", null).accountId();
      users.add(user);
      accounts.put(user, new ImAccount(accountId, user, TestNetworks.XMPP, "user" + i + "@example.org", new byte[0], null,
          null, "required", true));
    }
  }

  @AfterEach
  void close() {
    pool.close().await();
    session.close();
  }

  /** The fence the session process holds for the user's shard now. */
  private ShardLeases.Fence fence(String user) {
    int shard = Shards.of(user, Shards.DEFAULT_COUNT);
    Row lease = pool.preparedQuery("select owner, epoch from session.shard_leases where shard = $1")
        .execute(Tuple.of(shard)).await().iterator().next();
    return new ShardLeases.Fence(shard, lease.getString(0), lease.getLong(1));
  }

  /**
   * Issues the writes while the messages table is locked, so none can finish before all are queued,
   * then frees it and waits for every answer (failed or not).
   */
  private <T> List<Future<T>> whileLocked(List<Supplier<Future<T>>> issue) throws Exception {
    SqlConnection locker = pool.getConnection().await();
    Transaction lock = locker.begin().await();
    locker.query("lock table session.messages in share row exclusive mode").execute().await();
    List<Future<T>> answers = new ArrayList<>();
    issue.forEach(s -> answers.add(s.get()));
    Thread.sleep(300);
    assertTrue(answers.stream().noneMatch(Future::isComplete), "every write waits for the lock");
    lock.commit().await();
    locker.close().await();
    Future.join(new ArrayList<>(answers)).otherwiseEmpty().await();
    return answers;
  }

  private long count(String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  @Test
  void receivedMessagesOfManyUsersGoAsOneStatementAndEachHearsOfItsOwn() throws Exception {
    String stale = users.get(2);
    String dup = users.get(4);
    // dup's account has stanza "s-dup" already (from an earlier connection, say).
    assertTrue(history.appendReceived(fence(dup), dup, accounts.get(dup), "peer@example.org", "first copy", null, "e-dup-0",
        "s-dup", null, HistoryStore.IN, null, null).await() != null);
    long transactionsBefore = writes.transactions();

    List<Supplier<Future<StoredMessage>>> issue = new ArrayList<>();
    for (String user : users) {
      ShardLeases.Fence fence = user.equals(stale)
          ? new ShardLeases.Fence(fence(user).shard(), "a-process-that-lost-it", 1) : fence(user);
      String stanza = user.equals(dup) ? "s-dup" : "s-" + user;
      issue.add(() -> history.appendReceived(fence, user, accounts.get(user), "peer@example.org", "to " + user, 1_000L,
          "e-" + user, stanza, "archive-" + user, HistoryStore.IN, "m-" + user, "r-" + user));
    }
    List<Future<StoredMessage>> answers = whileLocked(issue);

    assertEquals(2, writes.transactions() - transactionsBefore, "the first alone, the other five as one statement");
    for (int i = 0; i < USERS; i++) {
      String user = users.get(i);
      Future<StoredMessage> answer = answers.get(i);
      if (user.equals(stale)) {
        assertTrue(answer.failed(), "the write under a lost fence fails");
        assertEquals(UserStateStore.staleOwner().getMessage(), answer.cause().getMessage());
        assertEquals(0, count("select count(*) from session.messages where user_id = $1", UUID.fromString(user)));
        assertEquals(0, count("select count(*) from session.unread where user_id = $1", UUID.fromString(user)));
        assertNull(pool.preparedQuery("select archive_id from session.im_accounts where user_id = $1")
            .execute(Tuple.of(UUID.fromString(user))).await().iterator().next().getString(0), "no archive position either");
        continue;
      }
      assertTrue(answer.succeeded(), user + ": " + answer.cause());
      assertEquals("archive-" + user, pool.preparedQuery("select archive_id from session.im_accounts where user_id = $1")
          .execute(Tuple.of(UUID.fromString(user))).await().iterator().next().getString(0));
      assertEquals(1, count("select count from session.unread where user_id = $1", UUID.fromString(user)),
          "one unread message each");
      if (user.equals(dup)) {
        assertNull(answer.result(), "the account had that message: nothing stored, answered as such");
        assertEquals(List.of("first copy"), bodies(user));
        continue;
      }
      StoredMessage stored = answer.result();
      assertEquals("to " + user, stored.text(), "each hears of its own message");
      assertEquals("s-" + user, stored.stanzaId());
      assertEquals(1_000L, stored.ts(), "the time the server said it was sent");
      assertEquals(List.of("to " + user), bodies(user));
      Row row = pool.preparedQuery("select id, direction, marker_id, remote_id, event_id from session.messages where user_id = $1")
          .execute(Tuple.of(UUID.fromString(user))).await().iterator().next();
      assertEquals(stored.id(), row.getLong("id"), "the id answered is the row's");
      assertEquals(List.of("in", "m-" + user, "r-" + user, "e-" + user),
          List.of(row.getString("direction"), row.getString("marker_id"), row.getString("remote_id"), row.getString("event_id")));
      JsonObject usage = (JsonObject) pool.preparedQuery("select record from session.usage_outbox where id = $1")
          .execute(Tuple.of("msg:" + stored.id())).await().iterator().next().getValue(0);
      assertEquals(user, usage.getString("userId"), "its usage record is its user's");
      assertEquals("msg:" + stored.id(), usage.getString("id"));
    }
    assertEquals(USERS - 1, count("select count(*) from session.usage_outbox where id like 'msg:%'"),
        "one usage record per stored message: dup's first copy and four new ones");
  }

  @Test
  void sendsAndSentMarksOfManyUsersGoAsOneStatementEachAndBillOnce() throws Exception {
    String resend = users.get(3);
    StoredMessage earlier = history.storePendingOnce(fence(resend), resend, accounts.get(resend).id(), "peer@example.org",
        "sent before", "c-" + resend).await();
    long transactionsBefore = writes.transactions();

    List<Supplier<Future<StoredMessage>>> sends = new ArrayList<>();
    for (String user : users) {
      sends.add(() -> history.storePendingOnce(fence(user), user, accounts.get(user).id(), "peer@example.org",
          "from " + user, "c-" + user));
    }
    List<Future<StoredMessage>> pending = whileLocked(sends);
    assertEquals(2, writes.transactions() - transactionsBefore, "the first alone, the other five as one statement");

    Map<String, StoredMessage> stored = new HashMap<>();
    for (int i = 0; i < USERS; i++) {
      String user = users.get(i);
      assertTrue(pending.get(i).succeeded(), user + ": " + pending.get(i).cause());
      if (user.equals(resend)) {
        assertNull(pending.get(i).result(), "a client id used before stores nothing");
        assertEquals(List.of("sent before"), bodies(user));
        stored.put(user, earlier);
        continue;
      }
      StoredMessage message = pending.get(i).result();
      assertEquals("from " + user, message.text(), "each hears of its own message");
      assertEquals(MessageStatus.PENDING, message.status());
      assertEquals(List.of("from " + user), bodies(user));
      assertEquals(message.id(), count("select id from session.messages where user_id = $1", UUID.fromString(user)),
          "the id answered is the row's");
      stored.put(user, message);
    }

    // Every one is taken by the IM server at once: the "sent" marks go as one statement too, twice.
    for (int round = 0; round < 2; round++) {
      long before = writes.transactions();
      List<Supplier<Future<Void>>> marks = new ArrayList<>();
      for (String user : users) {
        StoredMessage m = stored.get(user);
        marks.add(() -> history.markSent(user, accounts.get(user), m.id(), m.text()));
      }
      List<Future<Void>> marked = whileLocked(marks);
      assertTrue(marked.stream().allMatch(Future::succeeded), "every mark is stored");
      assertEquals(2, writes.transactions() - before, "the first alone, the other five as one statement");
    }
    for (String user : users) {
      StoredMessage m = stored.get(user);
      assertEquals(MessageStatus.SENT, pool.preparedQuery("select status from session.messages where id = $1")
          .execute(Tuple.of(m.id())).await().iterator().next().getString(0));
      JsonObject usage = (JsonObject) pool.preparedQuery("select record from session.usage_outbox where id = $1")
          .execute(Tuple.of("msg:" + m.id())).await().iterator().next().getValue(0);
      assertEquals(user, usage.getString("userId"), "its usage record is its user's");
      assertEquals(UsageKind.MESSAGE_SENT, usage.getString("kind"));
    }
    assertEquals(USERS, count("select count(*) from session.usage_outbox where id like 'msg:%'"),
        "one usage record per message sent, though each was marked sent twice");
  }

  private List<String> bodies(String user) {
    List<String> bodies = new ArrayList<>();
    pool.preparedQuery("select body from session.messages where user_id = $1 order by id")
        .execute(Tuple.of(UUID.fromString(user))).await().forEach(r -> bodies.add(r.getString(0)));
    return bodies;
  }
}
