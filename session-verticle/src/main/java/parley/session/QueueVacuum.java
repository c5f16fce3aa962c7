package parley.session;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the session's queue tables, whose rows are deleted moments after they are written (the
 * usage outbox once billing has the records, the pending sends once a send is settled), every few
 * seconds. Autovacuum visits a database about once a minute; until it does, each read from the
 * head of a queue and each delete walks over every row deleted since: measured at 500 relayed
 * messages a second, the relay's select and delete then cost PostgreSQL ten times as much
 * (docs/benchmarks.md, "PostgreSQL's CPU per message by process and statement, and the queue
 * tables kept vacuumed").
 */
final class QueueVacuum {
  private static final Logger log = LoggerFactory.getLogger(QueueVacuum.class);
  /** Another process's vacuum of the same table is under way: this one skips it rather than wait. */
  private static final String STATEMENT = "vacuum (skip_locked) session.usage_outbox, session.pending_sends";

  private final Pool pool;
  private boolean running;
  private boolean failing;

  QueueVacuum(Pool pool) {
    this.pool = pool;
  }

  /** Every {@code periodMs} (0: never), on the caller's context. */
  void start(Vertx vertx, long periodMs) {
    if (periodMs > 0) {
      vertx.setPeriodic(periodMs, id -> run());
    }
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    pool.query(STATEMENT).execute().onComplete(ar -> {
      running = false;
      if (ar.succeeded()) {
        failing = false;
      } else if (!failing) {
        // Said once until it works again: autovacuum still keeps the tables, only later.
        failing = true;
        log.warn("The queue tables were not vacuumed ({}); autovacuum keeps them, less often", ar.cause().getMessage());
      }
    });
  }
}
