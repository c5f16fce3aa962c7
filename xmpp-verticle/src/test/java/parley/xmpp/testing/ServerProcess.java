package parley.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a real server process started by a test: a temporary directory for its
 * configuration and data, start and wait until its ports accept connections (with the tail of
 * its logs when it does not), halt and start again on the same ports, stop and delete the
 * directory. Subclasses say how to configure and launch one kind of server.
 */
public abstract class ServerProcess implements AutoCloseable {
  static {
    // Every Smack peer of the tests connects to one of these servers.
    SmackInTests.register();
  }

  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
  protected static final String HOST = "127.0.0.1";
  private static final long START_TIMEOUT_MS = 20_000;
  private static final int LOG_TAIL_CHARS = 4000;
  /**
   * Servers started and not stopped yet: stopped when the test JVM ends, so a test class that never
   * stops its server (or one JUnit started for a hidden superclass method) leaves none behind.
   */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }), "stop-test-servers"));
  }

  private final String kind;
  private Path dir;
  private Process process;

  protected ServerProcess(String kind) {
    this.kind = kind;
  }

  /** Writes the configuration into the new directory and picks the ports. */
  protected abstract void prepare(Path dir) throws IOException;

  /** The command that runs the server in the foreground, with its environment. */
  protected abstract ProcessBuilder command(Path dir);

  /** The ports that must accept connections before the server counts as started. */
  protected abstract List<Integer> ports();

  /** The files whose tails explain a failed start. */
  protected abstract List<Path> logFiles(Path dir);

  /** Starts the process (again, after {@link #halt()}) and waits until every port accepts connections. */
  protected synchronized void startProcess() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("parley-" + kind.toLowerCase() + "-");
        prepare(dir);
      }
      long started = System.nanoTime();
      process = command(dir)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
          .start();
      RUNNING.add(process);
      for (int port : ports()) {
        awaitPort(port);
      }
      log.info("{} listens on {}:{} (data in {}), started in {} ms", kind, HOST, ports(), dir,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + kind, e);
    }
  }

  /** The server's directory; only after the first start. */
  protected Path dir() {
    if (dir == null) {
      throw new IllegalStateException("Call start() first");
    }
    return dir;
  }

  /** Fails unless the server was started once (its ports and files exist from then on). */
  protected void requirePrepared() {
    dir();
  }

  /** The process id, e.g. for measuring its CPU time. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(kind + " is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the process and every process it started, but keeps ports and data, for a start again. */
  public synchronized void halt() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    RUNNING.remove(process);
    process = null;
  }

  /** Stops and starts again on the same ports: every client connection is dropped. */
  public synchronized void restart() {
    halt();
    startProcess();
  }

  /** Stops the server and deletes its directory. */
  public synchronized void stop() {
    halt();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.warn("Cannot delete {}", dir, e);
      }
      dir = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Writes a self-signed certificate and key for {@code domain}: {@code <dir>/<domain>.crt} and {@code .key}. */
  protected static void selfSignedCertificate(Path dir, String domain) {
    selfSignedCertificate(dir, domain, "DNS:" + domain);
  }

  /**
   * Writes a self-signed certificate and key named {@code name} ({@code <dir>/<name>.crt} and {@code .key})
   * for the names of {@code subjectAltName} (e.g. {@code "DNS:localhost,IP:127.0.0.1"}).
   */
  protected static void selfSignedCertificate(Path dir, String name, String subjectAltName) {
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
        "-subj", "/CN=" + name, "-addext", "subjectAltName=" + subjectAltName,
        "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".crt").toString()),
        "openssl req");
  }

  /** Runs a short command to its end; fails with its output when it fails. */
  protected static void run(List<String> command, String what) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(what + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  private void awaitPort(int port) throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        int exit = process.exitValue();
        process = null;
        throw new IllegalStateException(kind + " exited with " + exit + ":\n" + diagnostics());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    halt();
    throw new IllegalStateException(kind + " did not listen on port " + port + " within " + START_TIMEOUT_MS
        + " ms:\n" + diagnostics());
  }

  private String diagnostics() throws IOException {
    StringBuilder out = new StringBuilder();
    List<Path> files = new ArrayList<>(List.of(dir.resolve("console.log")));
    files.addAll(logFiles(dir));
    for (Path file : files) {
      if (Files.exists(file)) {
        String text = Files.readString(file);
        out.append("--- ").append(file.getFileName()).append('\n')
            .append(text.length() > LOG_TAIL_CHARS ? text.substring(text.length() - LOG_TAIL_CHARS) : text);
      }
    }
    return out.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
