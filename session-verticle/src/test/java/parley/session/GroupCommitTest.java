package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.session.testing.TestDatabase;

/**
 * Group commit on a real PostgreSQL: writes that come together commit in one transaction, each
 * caller hears only after its row is stored, a user's writes keep their order, and a bad write
 * fails alone while the others of its transaction are stored.
 */
class GroupCommitTest {
  private static final String INSERT = "insert into public.writes (user_id, n) values ($1, $2) returning id";
  /** Another statement (another kind of write): never in the same batch as {@link #INSERT}. */
  private static final String OTHER = "insert into public.writes (n, user_id) values ($2, $1) returning id";

  private Vertx vertx;
  private Pool pool;
  private Pool reader;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    PgConnectOptions options = PgConnectOptions.fromUri(TestDatabase.freshDatabase().getString("url"));
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
    reader = PgBuilder.pool().connectingTo(options).using(vertx).build();
    pool.query("create table public.writes (id bigserial primary key, user_id text not null, n int not null check (n >= 0))")
        .execute().await();
    // Each commit takes a while (a deferred trigger runs at commit): an answer given before the
    // commit would let the reader look before the row is there.
    pool.query("create function public.slow_commit() returns trigger language plpgsql as "
        + "'begin perform pg_sleep(0.03); return null; end'").execute().await();
    pool.query("create constraint trigger slow_commit after insert on public.writes deferrable initially deferred "
        + "for each row execute function public.slow_commit()").execute().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** Issues {@code ns} as writes of {@code user} one after the other on an event loop, without waiting between them. */
  private List<Future<List<Row>>> writeAll(GroupCommit commit, String user, List<Integer> ns) {
    List<Write> all = new ArrayList<>();
    ns.forEach(n -> all.add(new Write(user, INSERT, n)));
    return writeAll(commit, all);
  }

  /** One write of a test: who, which statement, which number. */
  private record Write(String user, String sql, int n) {}

  private List<Future<List<Row>>> writeAll(GroupCommit commit, List<Write> writes) {
    Promise<List<Future<List<Row>>>> issued = Promise.promise();
    vertx.runOnContext(v -> {
      List<Future<List<Row>>> answers = new ArrayList<>();
      for (Write w : writes) {
        int n = w.n();
        // Stored before the caller hears of it: another connection, asked then, sees the row already.
        answers.add(commit.execute(w.user(), w.sql(), Tuple.of(w.user(), n)).compose(rows -> {
          long id = rows.iterator().next().getLong("id");
          return reader.preparedQuery("select n from public.writes where id = $1").execute(Tuple.of(id)).compose(seen ->
              seen.size() == 1 && seen.iterator().next().getInteger("n") == n
                  ? Future.succeededFuture(rows)
                  : Future.failedFuture("write " + n + " answered before another connection could see it"));
        }));
      }
      issued.complete(answers);
    });
    return issued.future().await();
  }

  private List<Integer> stored() {
    List<Integer> stored = new ArrayList<>();
    reader.query("select n from public.writes order by id").execute().await().forEach(r -> stored.add(r.getInteger("n")));
    return stored;
  }

  @Test
  void writesThatComeTogetherCommitTogetherInTheirOrder() {
    GroupCommit commit = new GroupCommit(pool, 1, GroupCommit.MAX_BATCH);
    List<Write> all = new ArrayList<>();
    List<Integer> ns = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(new Write("user-" + i, INSERT, i));
      ns.add(i);
    }
    List<Future<List<Row>>> answers = writeAll(commit, all);
    Future.all(answers).await();

    assertEquals(30, commit.writes());
    // The first went alone (nothing was under way); the 29 that came meanwhile went in one transaction.
    assertEquals(2, commit.transactions(), "transactions for 30 writes of 30 users that came together");
    assertEquals(ns, stored(), "stored once each, in the order written");
  }

  @Test
  void aUsersWritesGoOneAfterAnother() {
    GroupCommit commit = new GroupCommit(pool, 4, GroupCommit.MAX_BATCH);
    List<Integer> ns = List.of(1, 2, 3, 4, 5);
    Future.all(writeAll(commit, "alice", ns)).await();
    assertEquals(ns, stored(), "in the order written, though four could run side by side");
    assertEquals(5, commit.transactions(), "each of alice's writes waits for her one before");
  }

  @Test
  void aBadWriteFailsAloneAndTheOthersOfItsTransactionAreStored() {
    GroupCommit commit = new GroupCommit(pool, 1, GroupCommit.MAX_BATCH);
    // -1 breaks the table's check: it fails; the others are stored once each.
    List<Future<List<Row>>> answers = writeAll(commit, List.of(new Write("ann", INSERT, 1), new Write("bob", INSERT, 2),
        new Write("cid", INSERT, -1), new Write("dan", INSERT, 3), new Write("eve", INSERT, 4)));
    Future.join(answers).otherwiseEmpty().await();

    List<Boolean> succeeded = answers.stream().map(Future::succeeded).toList();
    assertEquals(List.of(true, true, false, true, true), succeeded);
    assertTrue(answers.get(2).cause().getMessage().contains("writes_n_check"), answers.get(2).cause().getMessage());
    assertEquals(List.of(1, 2, 3, 4), stored(), "stored once each: the failed batch left nothing, each ran again alone");
    assertEquals(6, commit.transactions(), "ann's alone, the batch of four (rolled back), each of the four again alone");
  }

  @Test
  void aBatchIsOfOneStatementAndNoWriteOvertakesAnEarlierOneOfItsUser() {
    GroupCommit commit = new GroupCommit(pool, 1, GroupCommit.MAX_BATCH);
    // The first goes alone; then alice's INSERT takes carol's with it, not bob's, which waits behind bob's OTHER.
    List<Future<List<Row>>> answers = writeAll(commit, List.of(new Write("dave", INSERT, 1), new Write("alice", INSERT, 10),
        new Write("bob", OTHER, 20), new Write("bob", INSERT, 21), new Write("carol", INSERT, 22)));
    Future.all(answers).await();

    assertEquals(List.of(1, 10, 22, 20, 21), stored());
    assertEquals(4, commit.transactions(), "dave's alone, then alice's and carol's, bob's OTHER, bob's INSERT");
  }
}
