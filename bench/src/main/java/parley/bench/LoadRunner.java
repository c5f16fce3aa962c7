package parley.bench;

/**
 * Sends messages over a path at a fixed rate for a bounded time and times each arrival. Users
 * chat in pairs (0 with 1, 2 with 3, …), taking turns. The rate ramps up linearly over the
 * ramp-up; only messages sent after it are measured. Bounded: after the sending time it waits at
 * most {@link #DRAIN_MS} for stragglers, then reports.
 */
final class LoadRunner implements ChatPath.Arrivals {
  static final long DRAIN_MS = 5_000;

  private volatile Latencies current = new Latencies();
  private volatile long measureFrom = Long.MAX_VALUE;

  @Override
  public void arrived(String text) {
    long now = System.nanoTime();
    long sentAt = MessageClock.sentAt(text);
    if (sentAt >= measureFrom) {
      current.record(now - sentAt);
    }
  }

  StepResult run(ChatPath path, int rate, double seconds, double rampUpSeconds, int size, CpuMeter cpu)
      throws Exception {
    Latencies latencies = new Latencies();
    CpuMeter.Sample cpuBefore = cpu.sample();
    current = latencies;
    long refusedBefore = path.refused();
    long start = System.nanoTime();
    long rampNanos = (long) (rampUpSeconds * 1e9);
    long measureStart = start + rampNanos;
    measureFrom = measureStart;
    long end = measureStart + (long) (seconds * 1e9);
    int users = path.users();
    int sent = 0;
    long i = 0;
    long due = start;
    while (due < end) {
      long now = System.nanoTime();
      if (due > now) {
        sleepNanos(due - now);
      }
      int from = (int) (i % users);
      int to = from % 2 == 0 ? (from + 1) % users : from - 1;
      long stamp = System.nanoTime();
      path.send(from, to, MessageClock.stamp(stamp, size));
      if (stamp >= measureStart) {
        sent++;
      }
      i++;
      // During ramp-up the gap shrinks as the rate climbs linearly from a tenth to the full rate.
      double progress = rampNanos == 0 ? 1 : Math.min(1, (due - start) / (double) rampNanos);
      due += (long) (1e9 / (rate * Math.max(0.1, progress)));
    }
    long drainEnd = System.currentTimeMillis() + DRAIN_MS;
    while (latencies.count() < sent && System.currentTimeMillis() < drainEnd) {
      Thread.sleep(10);
    }
    measureFrom = Long.MAX_VALUE;
    CpuMeter.Use used = CpuMeter.between(cpuBefore, cpu.sample());
    return new StepResult(path.name(), rate, sent, latencies.count(), seconds, path.refused() - refusedBefore,
        latencies.millis(0.5), latencies.millis(0.99), latencies.millis(0.999), (int) i, used);
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}
