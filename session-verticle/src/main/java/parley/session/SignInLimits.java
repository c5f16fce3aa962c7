package parley.session;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * Slows down password guessing: failed sign-ins are counted per username and per client address
 * (the web verticle's {@code clientAddress}, when it sends one), and past a few of them further
 * attempts are refused for a growing delay, before any database or bcrypt work. A success starts
 * the username afresh (not the address, or one account of an attacker's own would reset it).
 * Configuration (section {@code session}): {@code signInFreeFailures} (5),
 * {@code signInAddressFreeFailures} (20), {@code signInDelayMs} (1000, doubling per further
 * failure), {@code signInMaxDelayMs} (60000), {@code signInTrackedKeys} (100000 per kind).
 */
final class SignInLimits {
  private static final long FORGET_AFTER_MS = 15 * 60_000;

  private final FailureThrottle byName;
  private final FailureThrottle byAddress;

  SignInLimits(JsonObject config) {
    long base = config.getLong("signInDelayMs", 1_000L);
    long max = config.getLong("signInMaxDelayMs", 60_000L);
    int keys = config.getInteger("signInTrackedKeys", 100_000);
    byName = new FailureThrottle(config.getInteger("signInFreeFailures", 5), base, max, FORGET_AFTER_MS, keys);
    byAddress = new FailureThrottle(config.getInteger("signInAddressFreeFailures", 20), base, max, FORGET_AFTER_MS, keys);
  }

  /**
   * Refuses the attempt while the username or the address must wait; otherwise counts it as a
   * failure in advance (so parallel attempts cannot all slip in before the first one fails), to be
   * settled by {@link #settle}.
   */
  void begin(String username, String address) {
    long now = System.currentTimeMillis();
    long wait = Math.max(byName.waitMs(username, now), address == null ? 0 : byAddress.waitMs(address, now));
    if (wait > 0) {
      throw tooMany(wait);
    }
    byName.failed(username, now);
    if (address != null) {
      byAddress.failed(address, now);
    }
  }

  /** Sign-up: refused while the address must wait; a sign-up itself counts as no failure. */
  void checkAddress(String address) {
    long wait = address == null ? 0 : byAddress.waitMs(address, System.currentTimeMillis());
    if (wait > 0) {
      throw tooMany(wait);
    }
  }

  /** Keeps the failure counted by {@link #begin} only when the password was wrong. */
  void settle(String username, String address, AsyncResult<?> outcome) {
    if (outcome.succeeded()) {
      byName.forget(username);
    } else if (!(outcome.cause() instanceof ParleyException p && p.code() == FailureCode.BAD_CREDENTIALS)) {
      byName.undo(username);
    } else {
      return;
    }
    if (address != null) {
      byAddress.undo(address);
    }
  }

  private static ParleyException tooMany(long waitMs) {
    long seconds = Math.max(1, (waitMs + 999) / 1000);
    return FailureCode.RATE_LIMITED.exception("Too many failed sign-ins; try again in " + seconds
        + (seconds == 1 ? " second." : " seconds."));
  }
}
