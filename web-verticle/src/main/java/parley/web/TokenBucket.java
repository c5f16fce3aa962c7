package parley.web;

/** A token bucket: {@code ratePerSecond} on average, bursts up to {@code burst}. Not thread-safe; one per socket or user. */
final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket has refilled to its burst (so a new one would be the same). */
  boolean full(long nowNanos) {
    refill(nowNanos);
    return tokens >= burst;
  }

  private void refill(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
  }
}
