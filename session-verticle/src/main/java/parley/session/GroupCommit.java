package parley.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for the session's message writes (issue 16): PostgreSQL spends more on a
 * transaction than on the row a message writes, so the writes that arrive while earlier ones are
 * being committed go together in the next transaction, pipelined on one connection, with one commit.
 * A write that finds nothing under way goes at once and alone: no wait is added to a quiet system.
 *
 * <p>Writes are kept in lanes by user: one transaction at a time per lane, in arrival order, so a
 * user's writes keep their order, and two transactions under way never hold rows of the same user
 * (they could wait for each other's locks). Each caller's future completes after the commit, so
 * "stored before it is shown" holds as it did for a write alone. When a write of a shared
 * transaction fails, the transaction is rolled back (nothing of it was stored) and each of its
 * writes runs again alone: the bad one fails only its own caller. When the commit itself fails,
 * whether it landed is unknown, as for any write whose answer is lost, and every caller of that
 * transaction is told it failed; nothing is run again.
 *
 * <p>A lane's queue is guarded by the lane: the session verticle calls from its event loop, the
 * pool answers on its own.
 */
final class GroupCommit {
  /** One write waiting for its transaction, since {@code queuedAt} (ms). */
  private record Write(String sql, Tuple params, Promise<RowSet<Row>> answer, long queuedAt) {}

  private final Pool pool;
  private final int maxBatch;
  private final Lane[] lanes;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  /** Writes of one transaction at most: a longer queue goes in several. */
  static final int MAX_BATCH = 64;

  /** Half the pool's connections, at most four: the others stay free for reads and the other writes. */
  static int lanesFor(int poolSize) {
    return Math.max(1, Math.min(4, poolSize / 2));
  }

  /** {@code lanes} transactions at most under way at once (fewer than the pool's connections), each of {@code maxBatch} writes at most. */
  GroupCommit(Pool pool, int lanes, int maxBatch) {
    if (lanes < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("lanes and maxBatch must be at least 1");
    }
    this.pool = pool;
    this.maxBatch = maxBatch;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
  }

  /** Runs {@code sql} for {@code userId} in the next transaction of the user's lane; answers its rows once committed. */
  Future<RowSet<Row>> execute(String userId, String sql, Tuple params) {
    Promise<RowSet<Row>> answer = Promise.promise();
    Lane lane = lanes[Math.floorMod(userId.hashCode(), lanes.length)];
    synchronized (lane) {
      lane.waiting.add(new Write(sql, params, answer, System.currentTimeMillis()));
    }
    lane.runNext();
    return answer.future();
  }

  /** Transactions committed or tried so far (a write alone counts as one). */
  long transactions() {
    return transactions.get();
  }

  /**
   * How long the oldest write not yet answered has been waiting (queued or in its transaction), in
   * ms; 0 when none is: how far the database is behind the messages.
   */
  long oldestWaitMs() {
    long oldest = Long.MAX_VALUE;
    for (Lane lane : lanes) {
      oldest = Math.min(oldest, lane.oldestQueuedAt());
    }
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
  }

  /** Writes run so far. */
  long writes() {
    return writes.get();
  }

  private final class Lane {
    private final ArrayDeque<Write> waiting = new ArrayDeque<>();
    private boolean busy;
    /** When the oldest write of the transaction under way was queued (MAX_VALUE: none under way). */
    private long runningSince = Long.MAX_VALUE;

    synchronized long oldestQueuedAt() {
      Write next = waiting.peek();
      return Math.min(runningSince, next == null ? Long.MAX_VALUE : next.queuedAt());
    }

    void runNext() {
      List<Write> batch = new ArrayList<>();
      synchronized (this) {
        if (busy || waiting.isEmpty()) {
          return;
        }
        while (batch.size() < maxBatch && !waiting.isEmpty()) {
          batch.add(waiting.poll());
        }
        busy = true;
        runningSince = batch.get(0).queuedAt();
      }
      transactions.incrementAndGet();
      writes.addAndGet(batch.size());
      Future<Void> done = batch.size() == 1 ? alone(batch.get(0)) : together(batch);
      done.onComplete(ignored -> {
        synchronized (this) {
          busy = false;
          runningSince = Long.MAX_VALUE;
        }
        runNext();
      });
    }
  }

  private Future<Void> alone(Write w) {
    return pool.preparedQuery(w.sql()).execute(w.params())
        .andThen(result -> w.answer().handle(result))
        .transform(ignored -> Future.succeededFuture());
  }

  private Future<Void> together(List<Write> batch) {
    return pool.getConnection().transform(connected -> {
      if (connected.failed()) {
        batch.forEach(w -> w.answer().fail(connected.cause()));
        return Future.<Void>succeededFuture();
      }
      SqlConnection conn = connected.result();
      return conn.begin()
          .compose(tx -> inTransaction(conn, tx, batch))
          .recover(failed -> {
            batch.forEach(w -> w.answer().tryFail(failed));
            return Future.succeededFuture();
          })
          .eventually(conn::close);
    });
  }

  /** Every write pipelined, then one commit; a failed write rolls all back and each runs again alone. */
  private Future<Void> inTransaction(SqlConnection conn, Transaction tx, List<Write> batch) {
    List<Future<RowSet<Row>>> results = new ArrayList<>(batch.size());
    for (Write w : batch) {
      results.add(conn.preparedQuery(w.sql()).execute(w.params()));
    }
    return Future.join(results).transform(all -> {
      if (all.failed()) {
        return tx.rollback().transform(ignored -> {
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
      return tx.commit().map(v -> {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(results.get(i).result());
        }
        return null;
      });
    });
  }
}
