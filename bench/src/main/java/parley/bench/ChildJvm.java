package parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this classpath in a JVM of its own, so that its CPU time, memory and threads are
 * its own and not the load driver's. It announces results on standard output as lines starting
 * with a marker; every other line goes to a log file. Closing its standard input asks it to stop.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<String> announced = new CompletableFuture<>();
  private final String marker;

  private ChildJvm(Process process, String marker, Path log) {
    this.process = process;
    this.marker = marker;
    Thread reader = new Thread(() -> copyOutput(log), "bench-child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}; its output goes to {@code log}, but for the marker line. */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> args, String marker, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xss512k");
    command.add("-Djava.awt.headless=true");
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChildJvm(process, marker, log);
  }

  long pid() {
    return process.pid();
  }

  /** The rest of the marker line, once the child printed it; fails when the child ends first or time runs out. */
  String awaitAnnouncement(long timeoutSeconds) throws Exception {
    return announced.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  private void copyOutput(Path log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(marker)) {
          announced.complete(line.substring(marker.length()).trim());
        } else {
          file.println(line);
        }
      }
    } catch (IOException e) {
      announced.completeExceptionally(e);
    }
    announced.completeExceptionally(new IllegalStateException("the child JVM ended without announcing " + marker
        + "; see " + log));
  }

  /** Asks the child to stop (its standard input ends), then makes sure it has. */
  @Override
  public void close() throws Exception {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // Already gone.
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** For the child's main: blocks until the parent closes standard input (or dies). */
  static void awaitParentStop() throws IOException {
    while (System.in.read() >= 0) {
      // Nothing is sent on standard input; it only ends.
    }
  }
}
