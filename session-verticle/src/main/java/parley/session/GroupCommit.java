package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
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
 * <p>The queue is guarded by this object: the session verticle calls from its event loop, the pool
 * answers on its own.
 */
final class GroupCommit {
  /** One write of {@code userId} waiting for its batch, since {@code queuedAt} (ms). */
  private record Write(String userId, String sql, Tuple params, Promise<RowSet<Row>> answer, long queuedAt) {}

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

  /** Leaves two of the pool's connections to reads and the other writes. */
  static int inFlightFor(int poolSize) {
    return Math.max(1, poolSize - 2);
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
  Future<RowSet<Row>> execute(String userId, String sql, Tuple params) {
    Promise<RowSet<Row>> answer = Promise.promise();
    synchronized (this) {
      waiting.add(new Write(userId, sql, params, answer, System.currentTimeMillis()));
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
      if (!held.contains(w.userId()) && (sql == null || w.sql().equals(sql))) {
        sql = w.sql();
        batch.add(w);
        it.remove();
      }
      held.add(w.userId());
    }
    return batch;
  }

  private Future<Void> alone(Write w) {
    return pool.preparedQuery(w.sql()).execute(w.params())
        .andThen(result -> w.answer().handle(result))
        .transform(ignored -> Future.succeededFuture());
  }

  /** One batch of one statement: all or none is stored; a failed write runs each again alone. */
  private Future<Void> together(List<Write> batch) {
    List<Tuple> params = new ArrayList<>(batch.size());
    batch.forEach(w -> params.add(w.params()));
    return pool.preparedQuery(batch.get(0).sql()).executeBatch(params).transform(result -> {
      if (result.succeeded()) {
        RowSet<Row> rows = result.result();
        for (Write w : batch) {
          w.answer().complete(rows);
          rows = rows.next();
        }
        return Future.succeededFuture();
      }
      if (!(result.cause() instanceof PgException)) {
        // The connection failed: whether the batch committed is unknown, so nothing runs again.
        batch.forEach(w -> w.answer().fail(result.cause()));
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
    });
  }
}
