package parley.session;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * Refuses new sends while this session process is behind (issue 16): when the database has had a
 * message write waiting longer than {@code maxWriteDelayMs}, or a user's write has waited that long
 * behind that user's earlier ones (a user's writes reach the database one at a time, so a backlog
 * builds there while the database's own queue stays short), or a node held an event that long
 * before it could send it (a node sends a shard's events one at a time, each once the one before
 * is applied, so when the session cannot keep up the events wait in the node, where no queue of
 * this process shows them), or the session's event loop runs more than {@code maxLoopLagMs} late. A refused send is not stored and not sent, and the person
 * is told in words (OVERLOADED) at once, instead of waiting seconds behind a backlog that every
 * further send would lengthen. Only new sends are shed: what arrives from IM servers and the
 * status of messages already under way are always stored.
 */
final class LoadShedder {
  private static final Logger log = LoggerFactory.getLogger(LoadShedder.class);
  static final String OVERLOADED_TEXT = "Parley is overloaded right now, so this message was not sent. Try again in a moment.";
  /** How often the event loop's lateness is measured. */
  static final long TICK_MS = 100;
  /** How long a node event's holding time counts: events reach this process one at a time per shard. */
  static final long HELD_WINDOW_MS = 1_000;
  private static final long LOG_EVERY_MS = 10_000;

  private final LongSupplier writeDelayMs;
  private final LongSupplier queuedWriteMs;
  private final long maxWriteDelayMs;
  private final long maxLoopLagMs;
  private final Runnable onShed;
  private volatile long lastTick = System.currentTimeMillis();
  private volatile long loopLagMs;
  /** {@code queuedWriteMs} as last measured (at each tick: it looks at every loaded user). */
  private volatile long queuedMs;
  /** The longest a node held an event that arrived in the window, and when it was measured. */
  private long heldMs;
  private long heldAt;
  private long lastLog;
  private long shedSinceLog;

  /**
   * {@code writeDelayMs}: how long the oldest message write has waited for the database (see
   * {@link GroupCommit#oldestWaitMs}); {@code queuedWriteMs}: how long the oldest write queued behind
   * its user's earlier ones has waited (see {@link Sessions#oldestQueuedWriteMs}), read at each tick.
   */
  LoadShedder(LongSupplier writeDelayMs, LongSupplier queuedWriteMs, long maxWriteDelayMs, long maxLoopLagMs,
      Runnable onShed) {
    this.writeDelayMs = writeDelayMs;
    this.queuedWriteMs = queuedWriteMs;
    this.maxWriteDelayMs = maxWriteDelayMs;
    this.maxLoopLagMs = maxLoopLagMs;
    this.onShed = onShed;
  }

  /** Measures the lateness of the calling verticle's event loop from now on. */
  void start(Vertx vertx) {
    lastTick = System.currentTimeMillis();
    vertx.setPeriodic(TICK_MS, id -> {
      long now = System.currentTimeMillis();
      loopLagMs = Math.max(0, now - lastTick - TICK_MS);
      lastTick = now;
      queuedMs = queuedWriteMs.getAsLong();
    });
  }

  /** A node event arrived that its node had held {@code ms} before sending it (on the verticle's loop). */
  void eventHeld(long ms) {
    long now = System.currentTimeMillis();
    if (ms >= heldMs || now - heldAt > HELD_WINDOW_MS) {
      heldMs = ms;
      heldAt = now;
    }
  }

  /** OVERLOADED with its sentence when a new send must be refused now, otherwise null. */
  ParleyException refusal() {
    long now = System.currentTimeMillis();
    // A loop stuck right now has not measured itself yet: the time since its last tick says it.
    long lag = Math.max(loopLagMs, now - lastTick - TICK_MS);
    long held = now - heldAt <= HELD_WINDOW_MS ? heldMs : 0;
    long writes = Math.max(Math.max(writeDelayMs.getAsLong(), queuedMs), held);
    if (writes <= maxWriteDelayMs && lag <= maxLoopLagMs) {
      return null;
    }
    onShed.run();
    shedSinceLog++;
    if (now - lastLog >= LOG_EVERY_MS) {
      log.warn("Refusing new sends while behind: the oldest message write or node event has waited {} ms (limit {}), the event loop "
          + "runs {} ms late (limit {}); {} sends refused since the last such line", writes, maxWriteDelayMs, lag,
          maxLoopLagMs, shedSinceLog);
      lastLog = now;
      shedSinceLog = 0;
    }
    return FailureCode.OVERLOADED.exception(OVERLOADED_TEXT);
  }
}
