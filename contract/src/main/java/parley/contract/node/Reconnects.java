package parley.contract.node;

import io.vertx.core.Vertx;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;

/**
 * Retries of one IM connection with exponential backoff, as docs/bus-contract.md describes: one
 * {@code reconnecting} event per kind of trouble, not one per try.
 */
public final class Reconnects {
  private final Vertx vertx;
  private final NodeEvents events;
  private final int minSeconds;
  private final int maxSeconds;
  private int retries;
  private FailureCode lastReported;
  private long timer = -1;

  public Reconnects(Vertx vertx, NodeEvents events, int minSeconds, int maxSeconds) {
    this.vertx = vertx;
    this.events = events;
    this.minSeconds = minSeconds;
    this.maxSeconds = Math.max(minSeconds, maxSeconds);
  }

  /** Seconds before try number {@code attempt} (0 for the first): doubling from min, capped at max. */
  public static long backoffSeconds(int minSeconds, int maxSeconds, int attempt) {
    long delay = minSeconds;
    for (int i = 0; i < attempt && delay < maxSeconds; i++) {
      delay *= 2;
    }
    return Math.min(delay, maxSeconds);
  }

  /** The connection is up: the next trouble starts from the shortest wait and is reported again. */
  public void connected() {
    retries = 0;
    lastReported = null;
  }

  /** Reports {@code reconnecting} (once per kind of failure) and runs {@code attempt} after the backoff. */
  public void schedule(ImFailure failure, Runnable attempt) {
    if (failure.code() != lastReported) {
      lastReported = failure.code();
      events.state(ConnectionState.RECONNECTING, failure);
    }
    long delay = backoffSeconds(minSeconds, maxSeconds, retries++);
    cancel();
    timer = vertx.setTimer(delay * 1000, id -> {
      timer = -1;
      attempt.run();
    });
  }

  public void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
