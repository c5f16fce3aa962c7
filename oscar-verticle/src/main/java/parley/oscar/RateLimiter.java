package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import parley.contract.FailureCode;
import parley.oscar.wire.RateClass;
import parley.oscar.wire.RateParams;
import parley.oscar.wire.Snac;

/**
 * Sends SNACs no faster than the server's rate classes allow. A server disconnects a client whose
 * level falls below the disconnect level, so SNACs that would take the level below the alert level
 * wait in a queue per class instead. A SNAC that waits longer than {@code maxHoldMs} is dropped and
 * its future fails with RATE_LIMITED, in words the user can read.
 */
final class RateLimiter {
  private final Vertx vertx;
  private final Consumer<Snac> wire;
  private final long maxHoldMs;
  private RateParams params;
  private final Map<Integer, ClassState> states = new HashMap<>();

  private final class ClassState {
    RateClass rateClass;
    long level;
    long lastSent;
    /** The server said the class is limited: wait for the clear level, not just the alert level. */
    boolean limited;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    long timer = -1;

    ClassState(RateClass rateClass) {
      this.rateClass = rateClass;
      this.level = rateClass.currentLevel();
      this.lastSent = System.currentTimeMillis();
    }
  }

  private record Pending(Snac snac, Promise<Void> sent, long deadline) {}

  RateLimiter(Vertx vertx, Consumer<Snac> wire, long maxHoldMs) {
    this.vertx = vertx;
    this.wire = wire;
    this.maxHoldMs = maxHoldMs;
  }

  void setParams(RateParams params) {
    this.params = params;
    for (RateClass c : params.classes()) {
      states.put(c.id(), new ClassState(c));
    }
  }

  /** Codes of OSERVICE RATE_PARAMS_CHANGE. */
  static final int CHANGE_LIMITED = 3;
  static final int CHANGE_CLEAR = 4;

  /** The server's news about a class (RATE_PARAMS_CHANGE): its parameters, our level, limited or clear. */
  void update(int code, RateClass changed) {
    ClassState state = states.get(changed.id());
    if (state != null) {
      state.rateClass = changed;
      state.level = changed.currentLevel();
      state.lastSent = System.currentTimeMillis();
      if (code == CHANGE_LIMITED) {
        state.limited = true;
      } else if (code == CHANGE_CLEAR) {
        state.limited = false;
      }
      drain(state);
    }
  }

  /** Completes when the SNAC went out. */
  Future<Void> send(Snac snac) {
    ClassState state = params == null ? null : states.get(params.classOf(snac.family(), snac.subtype()).id());
    if (state == null) {
      wire.accept(snac);
      return Future.succeededFuture();
    }
    Pending pending = new Pending(snac, Promise.promise(), System.currentTimeMillis() + maxHoldMs);
    state.queue.add(pending);
    drain(state);
    return pending.sent().future();
  }

  /**
   * Milliseconds until the next SNAC of this class may go without falling below the alert level
   * or, while the server holds the class limited, without staying below the clear level.
   */
  static long waitMs(RateClass c, long level, long sinceLastMs, boolean limited) {
    long threshold = limited ? c.clearLevel() : c.alertLevel();
    long needed = c.window() * threshold - (c.window() - 1) * level;
    return Math.max(0, needed - sinceLastMs + 1);
  }

  private void drain(ClassState state) {
    while (!state.queue.isEmpty()) {
      long now = System.currentTimeMillis();
      Pending head = state.queue.peek();
      if (now > head.deadline()) {
        state.queue.poll();
        head.sent().fail(FailureCode.RATE_LIMITED.exception(
            "The AIM/ICQ server's rate limit held this back for too long; it was not sent. Wait a moment and send it again."));
        continue;
      }
      long wait = waitMs(state.rateClass, state.level, now - state.lastSent, state.limited);
      if (wait > 0) {
        if (state.timer < 0) {
          state.timer = vertx.setTimer(Math.min(wait, Math.max(1, head.deadline() - now + 1)), id -> {
            state.timer = -1;
            drain(state);
          });
        }
        return;
      }
      state.queue.poll();
      state.level = state.rateClass.nextLevel(state.level, now - state.lastSent);
      state.lastSent = now;
      if (state.level >= state.rateClass.clearLevel()) {
        state.limited = false;
      }
      wire.accept(head.snac());
      head.sent().complete();
    }
  }

  /** Fails everything still waiting: the connection is gone. */
  void close() {
    for (ClassState state : states.values()) {
      if (state.timer >= 0) {
        vertx.cancelTimer(state.timer);
      }
      Pending p;
      while ((p = state.queue.poll()) != null) {
        p.sent().tryFail(FailureCode.NOT_CONNECTED.exception(null));
      }
    }
    states.clear();
  }
}
