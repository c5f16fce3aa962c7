package parley.session;

import java.util.HashMap;
import java.util.Map;
import parley.contract.FailureCode;

/**
 * A token bucket per user, for commands that cost the database much (a search, an export): on
 * average {@code perMinute} a minute, in bursts of {@code burst}. Kept by the session that owns the
 * user, so it holds across every web process and socket of that user. Full buckets are forgotten
 * when the map grows, so it stays as large as the users active lately.
 */
final class UserBudgets {
  private static final int PRUNE_ABOVE = 10_000;

  private final double perNano;
  private final double burst;
  private final String refusal;
  private final Map<String, double[]> buckets = new HashMap<>();

  /** {@code refusal}: the sentence of the RATE_LIMITED failure. */
  UserBudgets(double perMinute, int burst, String refusal) {
    this.perNano = perMinute / 60e9;
    this.burst = burst;
    this.refusal = refusal;
  }

  /** Takes one from the user's bucket, or fails with RATE_LIMITED and the sentence. */
  synchronized void take(String userId, long nowNanos) {
    if (buckets.size() > PRUNE_ABOVE) {
      buckets.values().removeIf(b -> b[0] + (nowNanos - (long) b[1]) * perNano >= burst);
    }
    // [tokens, last refill time]
    double[] b = buckets.computeIfAbsent(userId, k -> new double[] {burst, nowNanos});
    b[0] = Math.min(burst, b[0] + (nowNanos - (long) b[1]) * perNano);
    b[1] = nowNanos;
    if (b[0] < 1) {
      throw FailureCode.RATE_LIMITED.exception(refusal);
    }
    b[0] -= 1;
  }
}
