package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for the session's message writes (issue 16): PostgreSQL spends more on a
 * transaction than on the row a message writes, so the writes of one kind (the same statement)
 * that arrive while earlier ones are being committed go together as one batch: one round trip,
 * every row bound and executed before a single Sync, which PostgreSQL runs as one implicit
 * transaction with one commit. A write that finds nothing under way goes at once and alone: no
 * wait is added to a quiet system, and up to {@code maxInFlight} writes or batches run side by side
 * as on a plain pool; only when that many are under way do the next ones wait, and go together.
 *
 * <p>A user's writes keep their order and are never under way twice at once: a batch takes a
 * write only when its user has no write under way and no earlier one left waiting. So two batches
 * under way never hold rows of the same user (they could wait for each other's locks).
 * Each caller's future completes after the commit, so "stored before it is shown" holds as it did
 * for a write alone. When a write of a batch fails, PostgreSQL rolls the whole batch back (nothing
 * of it was stored) and each of its writes runs again alone: the bad one fails only its own
 * caller. When the connection fails instead, whether the batch landed is unknown, as for any write
 * whose answer is lost, and every caller of it is told it failed; nothing is run again.
 *
 * <p>A statement with a multi-row form ({@link Statement#multiRow}) runs a batch as that one
 * statement, every write a row of it: PostgreSQL spends per statement much of what it spends per
 * row (issue 16 measured ~500 µs for a message row as its own statement, ~330 µs as one of ten
 * statements of one transaction, ~210 µs as one row of a ten-row statement).
 *
 * <p>The queue is guarded by this object: the session verticle calls from its event loop, the pool
 * answers on its own.
 */
final class GroupCommit {
  /**
   * A message write's statement: its SQL for one write and, for a multi-row one, its SQL for a
   * whole batch. There parameter {@code $i} is the array of the batch's i-th parameters, of
   * {@code columns[i-1]} (a {@link JsonObject} goes as its text), and each row answered names the
   * write it belongs to in a column {@code n}: its 1-based place in the batch ({@code unnest(…)
   * with ordinality}). A batch holds one write per user at most.
   */
  record Statement(String sql, String multiRowSql, List<Class<?>> columns) {
    static Statement single(String sql) {
      return new Statement(sql, null, List.of());
    }

    static Statement multiRow(String sql, String multiRowSql, Class<?>... columns) {
      return new Statement(sql, multiRowSql, List.of(columns));
    }
  }

  /** One write of {@code userId} waiting for its batch, since {@code queuedAt} (ms). */
  private record Write(String userId, Statement statement, Tuple params, Promise<List<Row>> answer, long queuedAt) {}

  /** Writes of one batch at most: a longer queue goes in several. */
  static final int MAX_BATCH = 64;

  private final Pool pool;
  private final int maxInFlight;
  private final int maxBatch;
  private final ArrayDeque<Write> waiting = new ArrayDeque<>();
  /** The batches under way, each by the time its oldest write was queued. */
  private final List<Long> runningSince = new ArrayList<>();
  /** Users with a write under way (how many: one, as their writes wait for each other). */
  private final Map<String, Integer> busyUsers = new HashMap<>();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  /**
   * Two writes or batches under way at most by default, fewer when the pool is small (two of its
   * connections stay free for reads). Measured (docs/benchmarks.md, "Issue 16: multi-row
   * statements"): with two, batches form as soon as the database is busy, and at 1,000 msg/s
   * PostgreSQL spent 13-15 % less per message than with one write per connection up to six.
   */
  static int inFlightFor(int poolSize) {
    return Math.max(1, Math.min(2, poolSize - 2));
  }

  /** {@code maxInFlight} writes or batches at most under way at once, each batch of {@code maxBatch} writes at most. */
  GroupCommit(Pool pool, int maxInFlight, int maxBatch) {
    if (maxInFlight < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxInFlight and maxBatch must be at least 1");
    }
    this.pool = pool;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  /** Runs {@code sql} for {@code userId}, alone or in the next batch; answers its rows once committed. */
  Future<List<Row>> execute(String userId, String sql, Tuple params) {
    return execute(userId, Statement.single(sql), params);
  }

  /** Runs {@code statement} for {@code userId}, alone or in the next batch; answers its rows once committed. */
  Future<List<Row>> execute(String userId, Statement statement, Tuple params) {
    Promise<List<Row>> answer = Promise.promise();
    synchronized (this) {
      waiting.add(new Write(userId, statement, params, answer, System.currentTimeMillis()));
    }
    runNext();
    return answer.future();
  }

  /** Batches (transactions) run so far: a write alone counts as one, and so does each write run again alone. */
  long transactions() {
    return transactions.get();
  }

  /** Writes run so far. */
  long writes() {
    return writes.get();
  }

  /**
   * How long the oldest write not yet answered has been waiting (queued or under way), in ms; 0
   * when none is: how far the database is behind the messages.
   */
  synchronized long oldestWaitMs() {
    long oldest = Long.MAX_VALUE;
    for (long since : runningSince) {
      oldest = Math.min(oldest, since);
    }
    for (Write w : waiting) {
      oldest = Math.min(oldest, w.queuedAt());
    }
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
  }

  /** Starts batches while fewer than {@code maxInFlight} are under way and some write may go. */
  private void runNext() {
    while (true) {
      List<Write> batch;
      Long since;
      synchronized (this) {
        if (runningSince.size() >= maxInFlight) {
          return;
        }
        batch = nextBatch();
        if (batch.isEmpty()) {
          return;
        }
        since = batch.get(0).queuedAt();
        runningSince.add(since);
        batch.forEach(w -> busyUsers.merge(w.userId(), 1, Integer::sum));
      }
      transactions.incrementAndGet();
      writes.addAndGet(batch.size());
      Future<Void> done = batch.size() == 1 ? alone(batch.get(0)) : together(batch);
      done.onComplete(ignored -> {
        synchronized (this) {
          runningSince.remove(since);
          batch.forEach(w -> busyUsers.computeIfPresent(w.userId(), (u, n) -> n > 1 ? n - 1 : null));
        }
        runNext();
      });
    }
  }

  /**
   * The oldest write that may go (its user has nothing under way) and the waiting writes of the
   * same statement after it, in order, except one whose user has a write under way or an earlier
   * one left waiting (it would overtake it). Empty when no write may go now.
   */
  private List<Write> nextBatch() {
    List<Write> batch = new ArrayList<>();
    Set<String> held = new HashSet<>(busyUsers.keySet());
    String sql = null;
    for (Iterator<Write> it = waiting.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      Write w = it.next();
      if (!held.contains(w.userId()) && (sql == null || w.statement().sql().equals(sql))) {
        sql = w.statement().sql();
        batch.add(w);
        it.remove();
      }
      held.add(w.userId());
    }
    return batch;
  }

  private Future<Void> alone(Write w) {
    return pool.preparedQuery(w.statement().sql()).execute(w.params())
        .andThen(result -> w.answer().handle(result.map(GroupCommit::list)))
        .transform(ignored -> Future.succeededFuture());
  }

  /** One batch of one statement: all or none is stored; a failed write runs each again alone. */
  private Future<Void> together(List<Write> batch) {
    Statement statement = batch.get(0).statement();
    if (statement.multiRowSql() != null) {
      return pool.preparedQuery(statement.multiRowSql()).execute(asArrays(statement, batch)).transform(result -> {
        if (result.failed()) {
          return failedTogether(batch, result.cause());
        }
        List<List<Row>> answers = new ArrayList<>(batch.size());
        batch.forEach(w -> answers.add(new ArrayList<>(1)));
        result.result().forEach(row -> answers.get(row.getLong("n").intValue() - 1).add(row));
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(answers.get(i));
        }
        return Future.succeededFuture();
      });
    }
    List<Tuple> params = new ArrayList<>(batch.size());
    batch.forEach(w -> params.add(w.params()));
    return pool.preparedQuery(statement.sql()).executeBatch(params).transform(result -> {
      if (result.failed()) {
        return failedTogether(batch, result.cause());
      }
      RowSet<Row> rows = result.result();
      for (Write w : batch) {
        w.answer().complete(list(rows));
        rows = rows.next();
      }
      return Future.succeededFuture();
    });
  }

  /** A batch that failed as a whole. */
  private Future<Void> failedTogether(List<Write> batch, Throwable cause) {
    if (!(cause instanceof PgException)) {
      // The connection failed: whether the batch committed is unknown, so nothing runs again.
      batch.forEach(w -> w.answer().fail(cause));
      return Future.succeededFuture();
    }
    // The server refused a write: the batch was rolled back whole; each runs again on its own.
    Future<Void> chain = Future.succeededFuture();
    for (Write w : batch) {
      chain = chain.compose(v -> {
        transactions.incrementAndGet();
        return alone(w);
      });
    }
    return chain;
  }

  /** The batch's parameters as a multi-row statement takes them: the i-th of every write in the i-th array. */
  private static Tuple asArrays(Statement statement, List<Write> batch) {
    Tuple arrays = Tuple.tuple();
    for (int i = 0; i < statement.columns().size(); i++) {
      Class<?> type = statement.columns().get(i);
      Object array = Array.newInstance(type, batch.size());
      for (int w = 0; w < batch.size(); w++) {
        Object value = batch.get(w).params().getValue(i);
        Array.set(array, w, value instanceof JsonObject json && type == String.class ? json.encode() : type.cast(value));
      }
      arrays.addValue(array);
    }
    return arrays;
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }
}
