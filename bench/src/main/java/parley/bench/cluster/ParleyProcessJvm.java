package parley.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Parley process ({@code main} of one module) in a JVM of its own on this classpath, with its
 * configuration file: started, killed with SIGKILL, started again with the same configuration (same
 * ports). Its output is appended to one log file across restarts, with a line at each start.
 */
public final class ParleyProcessJvm implements AutoCloseable {
  /** The line {@code ClusterBoot.main} logs once the verticle runs. */
  private static final String RUNNING = "joined the cluster and is running";

  private final String name;
  private final Class<?> main;
  private final Path config;
  private final Path log;
  private Process process;
  /** Where in the log the current run begins, to look for its own start line only. */
  private long runStart;

  ParleyProcessJvm(String name, Class<?> main, Path config, Path log) {
    this.name = name;
    this.main = main;
    this.config = config;
    this.log = log;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Starts the JVM (again); {@link #awaitRunning} waits until its verticle runs. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.createDirectories(log.getParent());
    String banner = "=== harness: starting " + name + " at " + java.time.Instant.now() + System.lineSeparator();
    Files.writeString(log, banner, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    runStart = Files.size(log);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Xss512k");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.add(config.toString());
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** Waits until this run logged that it joined the cluster; fails with the log's name when it ends or time runs out. */
  public void awaitRunning(long ms) throws IOException, InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      if (runLog().contains(RUNNING)) {
        return;
      }
      if (!alive()) {
        throw new IllegalStateException(name + " ended while starting; see " + log);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not start within " + ms + " ms; see " + log);
  }

  /** The log of the current run. */
  public String runLog() throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(runStart, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  public synchronized void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    try {
      Files.writeString(log, "=== harness: killed " + name + " (SIGKILL) at " + java.time.Instant.now() + System.lineSeparator(),
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // Only a note for the reader of the log.
    }
  }

  /**
   * SIGTERM, as an operator's {@code kill <pid>} or service manager stops a process; waits at most
   * {@code ms} for it to end. True when it ended in time (it is then killed, and false returned).
   */
  public synchronized boolean terminate(long ms) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return true;
    }
    process.destroy();
    boolean ended = process.waitFor(ms, TimeUnit.MILLISECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Files.writeString(log, "=== harness: stopped " + name + " (SIGTERM) at " + java.time.Instant.now()
          + (ended ? "" : ", killed after " + ms + " ms") + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // Only a note for the reader of the log.
    }
    return ended;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
