package parley.nodekit;

import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;

/**
 * Retries of one IM connection with exponential backoff, as docs/bus-contract.md describes: one
 * {@code reconnecting} event per kind of trouble, not one per try. The backoff starts again from
 * the shortest wait only after a connection has stayed up a while, and a connection that keeps
 * failing the same way right after it came up (the server ends it each time) is given up.
 */
public final class Reconnects {
  /** A connection that ends sooner than this after it came up failed "right after signing in". */
  public static final long SHORT_LIVED_MS = 30_000;
  /** Such failures in a row, all the same, after which the account gives up. */
  public static final int MAX_SAME_SHORT_LIVED = 5;

  private final Vertx vertx;
  private final NodeEvents events;
  private final int minSeconds;
  private final int maxSeconds;
  private final LongSupplier clock;
  private int retries;
  private FailureCode lastReported;
  private long timer = -1;
  /** When the current connection came up, or -1 when none is up. */
  private long connectedAt = -1;
  private ImFailure lastShortLived;
  private int sameShortLived;

  public Reconnects(Vertx vertx, NodeEvents events, int minSeconds, int maxSeconds) {
    this(vertx, events, minSeconds, maxSeconds, System::currentTimeMillis);
  }

  Reconnects(Vertx vertx, NodeEvents events, int minSeconds, int maxSeconds, LongSupplier clock) {
    this.vertx = vertx;
    this.events = events;
    this.minSeconds = minSeconds;
    this.maxSeconds = Math.max(minSeconds, maxSeconds);
    this.clock = clock;
  }

  /** Seconds before try number {@code attempt} (0 for the first): doubling from min, capped at max. */
  public static long backoffSeconds(int minSeconds, int maxSeconds, int attempt) {
    long delay = minSeconds;
    for (int i = 0; i < attempt && delay < maxSeconds; i++) {
      delay *= 2;
    }
    return Math.min(delay, maxSeconds);
  }

  /** The connection is up: the next trouble is reported again. */
  public void connected() {
    lastReported = null;
    connectedAt = clock.getAsLong();
  }

  /**
   * What every account does when a connection fails: tries again after the backoff when the failure
   * allows it ({@code wasConnected}: the account was online before), giving up as
   * {@link #schedule(ImFailure, Runnable, Consumer)} says; otherwise gives up at once.
   */
  public void retryOrGiveUp(ImFailure failure, boolean wasConnected, Runnable attempt, Consumer<ImFailure> giveUp) {
    if (failure.retryAfter(wasConnected)) {
      schedule(failure, attempt, giveUp);
    } else {
      giveUp.accept(failure);
    }
  }

  /** Reports {@code reconnecting} (once per kind of failure) and runs {@code attempt} after the backoff. */
  public void schedule(ImFailure failure, Runnable attempt) {
    schedule(failure, attempt, null);
  }

  /**
   * As {@link #schedule(ImFailure, Runnable)}, but when this is the {@value #MAX_SAME_SHORT_LIVED}th
   * connection in a row to end with the same failure right after it came up, calls {@code giveUp}
   * with a failure that says so instead of trying again.
   */
  public void schedule(ImFailure failure, Runnable attempt, Consumer<ImFailure> giveUp) {
    if (connectedAt >= 0) {
      boolean shortLived = clock.getAsLong() - connectedAt < SHORT_LIVED_MS;
      connectedAt = -1;
      if (!shortLived) {
        // It held for a while: this is new trouble, not the same one again.
        retries = 0;
        lastShortLived = null;
        sameShortLived = 0;
      } else if (same(failure, lastShortLived)) {
        sameShortLived++;
      } else {
        lastShortLived = failure;
        sameShortLived = 1;
      }
      if (giveUp != null && sameShortLived >= MAX_SAME_SHORT_LIVED) {
        cancel();
        giveUp.accept(new ImFailure(failure.code(), failure.text() + " This happened " + sameShortLived
            + " times in a row right after signing in, so Parley stopped trying; connect the account again to retry.",
            false));
        return;
      }
    }
    if (failure.code() != lastReported) {
      lastReported = failure.code();
      events.state(ConnectionState.RECONNECTING, failure);
    }
    long delay = backoffSeconds(minSeconds, maxSeconds, retries++);
    cancel();
    timer = vertx.setTimer(delay * 1000, id -> events.logContext().run(() -> {
      timer = -1;
      attempt.run();
    }));
  }

  private static boolean same(ImFailure a, ImFailure b) {
    return b != null && a.code() == b.code() && Objects.equals(a.text(), b.text());
  }

  public void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
