package parley.bench;

/**
 * One load step of one path: the rate asked for, what was sent and received in the measured
 * window (after ramp-up), and the end-to-end latency quantiles in milliseconds.
 */
record StepResult(String path, int rate, int sent, int received, double seconds, long refused,
    double median, double p99, double p999) {

  double deliveredPerSecond() {
    return received / seconds;
  }

  /** Every message arrived, nothing refused, and the rate was kept. */
  boolean keptUp() {
    return received >= sent && refused == 0 && received / seconds >= rate * 0.95;
  }
}
