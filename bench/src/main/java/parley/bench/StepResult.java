package parley.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One load step of one path: the rate asked for, what was sent and received in the measured
 * window (after ramp-up), the end-to-end latency quantiles in milliseconds, and the CPU time each
 * process used over the whole step ({@code allSent} messages, ramp-up and drain included).
 */
record StepResult(String path, int rate, int sent, int received, double seconds, long refused,
    double median, double p99, double p999, int allSent, CpuMeter.Use cpu) {

  /** Every message arrived, nothing refused, and the rate was kept. */
  boolean keptUp() {
    return received >= sent && refused == 0 && received / seconds >= rate * 0.95;
  }

  /** The same step over several runs: every figure the median of the runs' (CPU per part and per thread group too). */
  static StepResult medianOf(List<StepResult> runs) {
    StepResult first = runs.get(0);
    Map<String, Double> parts = new LinkedHashMap<>();
    first.cpu.parts().keySet().forEach(part ->
        parts.put(part, Suite.median(runs, r -> r.cpu.parts().getOrDefault(part, 0.0))));
    Map<String, Double> threads = new HashMap<>();
    runs.forEach(r -> r.cpu.parleyThreads().keySet().forEach(group ->
        threads.put(group, Suite.median(runs, x -> x.cpu.parleyThreads().getOrDefault(group, 0.0)))));
    return new StepResult(first.path, first.rate, (int) Suite.median(runs, StepResult::sent),
        (int) Suite.median(runs, StepResult::received), first.seconds, (long) Suite.median(runs, StepResult::refused),
        Suite.median(runs, StepResult::median), Suite.median(runs, StepResult::p99), Suite.median(runs, StepResult::p999),
        (int) Suite.median(runs, StepResult::allSent), new CpuMeter.Use(parts, threads));
  }

  /** Microseconds of CPU one message cost a part ("Parley", "driver", "Prosody", "PostgreSQL"). */
  double cpuMicrosPerMessage(String part) {
    return allSent == 0 ? Double.NaN : cpu.parts().getOrDefault(part, 0.0) * 1e6 / allSent;
  }

  /** Microseconds of CPU per message of Parley's JIT compiler threads: part of Parley's, spent compiling, not per message. */
  double jitMicrosPerMessage() {
    return allSent == 0 ? Double.NaN : CpuMeter.compilerSeconds(cpu.parleyThreads()) * 1e6 / allSent;
  }

  /** The share of Parley's CPU its JIT compiler threads took in this step. */
  double jitShare() {
    double parley = cpu.parts().getOrDefault("Parley", 0.0);
    return parley == 0 ? 0 : CpuMeter.compilerSeconds(cpu.parleyThreads()) / parley;
  }
}
