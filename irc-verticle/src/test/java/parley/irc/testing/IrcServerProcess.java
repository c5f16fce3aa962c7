package parley.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real IRC server from Debian started by a test: a temporary directory with its configuration, on
 * loopback ports of its own, waited for until it accepts connections; halted (every connection drops)
 * and started again on the same ports; stopped and deleted at the end.
 */
public abstract class IrcServerProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IrcServerProcess.class);
  public static final String HOST = "127.0.0.1";
  private static final long START_TIMEOUT_MS = 20_000;

  private final String kind;
  protected final int port = freePort();
  protected final int tlsPort = freePort();
  protected Path dir;
  private Process process;

  protected IrcServerProcess(String kind) {
    this.kind = kind;
  }

  /** Writes the configuration into {@code dir}. */
  protected abstract void prepare(Path dir) throws IOException;

  /** The command that runs the server in the foreground. */
  protected abstract List<String> command(Path dir);

  /** Whether the server listens for TLS on {@link #tlsPort()} too. */
  protected abstract boolean hasTls();

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public int tlsPort() {
    return tlsPort;
  }

  /** The PEM certificate the TLS port presents (valid for 127.0.0.1). */
  public Path certificate() {
    return dir.resolve("server.crt");
  }

  public synchronized IrcServerProcess start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("parley-" + kind + "-");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        if (hasTls()) {
          run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=127.0.0.1",
              "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("server.key").toString(),
              "-out", dir.resolve("server.crt").toString()));
          dir.resolve("server.key").toFile().setReadable(true, false);
        }
        prepare(dir);
      }
      process = new ProcessBuilder(command(dir)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile())).start();
      awaitPort(port);
      if (hasTls()) {
        awaitPort(tlsPort);
      }
      log.info("{} listens on {}:{} (files in {})", kind, HOST, port, dir);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + kind, e);
    }
  }

  /** Kills the server (every client connection drops); {@link #start()} starts it again on the same ports. */
  public synchronized void halt() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    process = null;
    // The port is free again once nothing listens on it.
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && accepts(port)) {
      sleep(50);
    }
  }

  @Override
  public synchronized void close() {
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

  private void awaitPort(int p) throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!accepts(p)) {
      if (System.currentTimeMillis() > deadline || !process.isAlive()) {
        String console = Files.exists(dir.resolve("console.log"))
            ? Files.readString(dir.resolve("console.log"), StandardCharsets.UTF_8) : "";
        halt();
        throw new IllegalStateException(kind + " did not start on port " + p + ":\n"
            + console.substring(Math.max(0, console.length() - 4000)));
      }
      sleep(50);
    }
  }

  private static boolean accepts(int p) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, p), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("Failed: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
