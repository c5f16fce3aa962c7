package parley.bench;

import java.util.Arrays;

/** End-to-end latencies of one step, in nanoseconds; many threads record, one reads at the end. */
final class Latencies {
  private long[] samples = new long[1024];
  private int count;

  synchronized void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  synchronized int count() {
    return count;
  }

  /** The q-quantile (0..1) in milliseconds, nearest rank; NaN when there are no samples. */
  synchronized double millis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }
}
