package parley.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of the processes taking part in a step, from {@code /proc}: the load driver (this JVM),
 * Parley (its own JVM), Prosody and every PostgreSQL process on the machine; and Parley's time by
 * thread name, so a step can say where the CPU went. Linux only.
 */
final class CpuMeter {
  /** Clock ticks per second of {@code /proc}'s times ({@code getconf CLK_TCK}; 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long driverPid = ProcessHandle.current().pid();
  private final long parleyPid;
  private final long prosodyPid;

  CpuMeter(long parleyPid, long prosodyPid) {
    this.parleyPid = parleyPid;
    this.prosodyPid = prosodyPid;
  }

  /** CPU seconds per part and Parley's per thread, at one moment. */
  record Sample(Map<String, Long> parts, Map<Long, ThreadTicks> parleyThreads) {}

  record ThreadTicks(String group, long ticks) {}

  /** CPU seconds used between two samples: per part, and Parley's per thread-name group. */
  record Use(Map<String, Double> parts, Map<String, Double> parleyThreads) {
    double total() {
      return parts.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  Sample sample() {
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("Parley", ticks(Path.of("/proc", String.valueOf(parleyPid), "stat")));
    parts.put("driver", ticks(Path.of("/proc", String.valueOf(driverPid), "stat")));
    parts.put("Prosody", ticks(Path.of("/proc", String.valueOf(prosodyPid), "stat")));
    parts.put("PostgreSQL", postgresTicks());
    return new Sample(parts, threadTicks(parleyPid));
  }

  /** CPU seconds (user + system) a process has used so far. */
  static double cpuSeconds(long pid) {
    return ticks(Path.of("/proc", String.valueOf(pid), "stat")) / TICKS_PER_SECOND;
  }

  static Use between(Sample before, Sample after) {
    Map<String, Double> parts = new LinkedHashMap<>();
    after.parts.forEach((part, ticks) -> parts.put(part, (ticks - before.parts.getOrDefault(part, 0L)) / TICKS_PER_SECOND));
    return new Use(parts, byThreadGroup(before.parleyThreads, after.parleyThreads));
  }

  /** CPU seconds per thread-name group between two {@link #threadTicks} readings of one process. */
  static Map<String, Double> byThreadGroup(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
    Map<String, Double> threads = new HashMap<>();
    after.forEach((tid, t) -> {
      ThreadTicks earlier = before.get(tid);
      long used = t.ticks - (earlier == null ? 0 : earlier.ticks);
      threads.merge(t.group, used / TICKS_PER_SECOND, Double::sum);
    });
    return threads;
  }

  /**
   * CPU seconds of the JIT compiler's threads (C1, C2) in a by-thread-group reading: the JVM compiling
   * its code, which it does once for code that keeps running, not per message or per login.
   */
  static double compilerSeconds(Map<String, Double> threads) {
    return threads.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /** Parley's thread groups that used the most CPU, as "name 1.23 s" pairs, largest first. */
  static String topThreads(Use use, int count) {
    return topThreads(use.parleyThreads, count);
  }

  /** The thread groups that used the most CPU, as "name 1.23 s" pairs, largest first. */
  static String topThreads(Map<String, Double> threads, int count) {
    return threads.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(count)
        .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static long postgresTicks() {
    long sum = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
      for (Path p : procs) {
        String stat = read(p.resolve("stat"));
        if (stat != null && stat.contains("(postgres)")) {
          sum += ticksOf(stat);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return sum;
  }

  /** A process's CPU ticks so far per thread id, with the thread's name (digits taken out) as its group. */
  static Map<Long, ThreadTicks> threadTicks(long pid) {
    Map<Long, ThreadTicks> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks) {
        String stat = read(task.resolve("stat"));
        if (stat != null) {
          // The kernel keeps 15 characters of a thread's name; digits are taken out to group a pool's threads.
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
          threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ticksOf(stat)));
        }
      }
    } catch (IOException e) {
      return threads;
    }
    return threads;
  }

  private static long ticks(Path stat) {
    String s = read(stat);
    return s == null ? 0 : ticksOf(s);
  }

  /** utime + stime: fields 14 and 15 of {@code stat}, counted after the parenthesised name. */
  private static long ticksOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return null;
    }
  }
}
