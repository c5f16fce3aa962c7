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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prosody XMPP server for tests: loopback only, a random free client port, a generated
 * configuration and a temporary data directory. Needs the Debian package {@code prosody}.
 *
 * <pre>{@code
 * ProsodyServer prosody = new ProsodyServer().start();   // or ProsodyServer.withTls().start()
 * prosody.createUser("alice", "secret-password");
 * // connect to prosody.host():prosody.port() as prosody.jid("alice"), tls "if-offered"
 * prosody.restart();                                      // same port, same data
 * prosody.stop();                                         // kills it and deletes the directory
 * }</pre>
 *
 * Without TLS the server offers no STARTTLS, so an account with {@code tls: required} must fail.
 * With TLS it serves a self-signed certificate for its domain; {@link #certificate()} is the PEM
 * to trust ({@code xmpp.trustedCertificate}).
 */
public final class ProsodyServer implements XmppTestServer {
  private static final Logger log = LoggerFactory.getLogger(ProsodyServer.class);

  public static final Path PROSODY = Path.of("/usr/bin/prosody");
  public static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
  public static final String DEFAULT_DOMAIN = "localhost";
  private static final String HOST = "127.0.0.1";
  private static final long START_TIMEOUT_MS = 20_000;

  private final String domain;
  private final boolean tls;
  private Path dir;
  private Path configFile;
  private int port;
  private Process process;

  /** A server for {@value #DEFAULT_DOMAIN} without TLS. */
  public ProsodyServer() {
    this(DEFAULT_DOMAIN, false);
  }

  public ProsodyServer(String domain, boolean tls) {
    this.domain = domain;
    this.tls = tls;
  }

  /** A server for {@value #DEFAULT_DOMAIN} that offers STARTTLS with a self-signed certificate. */
  public static ProsodyServer withTls() {
    return new ProsodyServer(DEFAULT_DOMAIN, true);
  }

  /** Whether Prosody is installed here; tests may skip themselves with this. */
  public static boolean isInstalled() {
    return Files.isExecutable(PROSODY) && Files.isExecutable(PROSODYCTL);
  }

  /** Starts the server (again, after {@link #halt()}, on the same port) and waits until it accepts connections. */
  public synchronized ProsodyServer start() {
    if (!isInstalled()) {
      throw new IllegalStateException("Prosody is not installed (" + PROSODY + " is missing). Install the "
          + "Debian package 'prosody' (apt-get install prosody), then run the tests as xmpp-verticle/README.md "
          + "says: mvn -pl xmpp-verticle -am verify");
    }
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      if (dir == null) {
        prepare();
      }
      process = new ProcessBuilder(PROSODY.toString(), "--config", configFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
          .start();
      awaitPort();
      log.info("Prosody for {} listens on {}:{} (data in {})", domain, HOST, port, dir);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Prosody", e);
    }
  }

  /** Registers a user with {@code prosodyctl register}; works while the server runs. */
  public void createUser(String name, String password) {
    requirePrepared();
    run(List.of(PROSODYCTL.toString(), "--config", configFile.toString(), "register", name, domain, password),
        "register " + name);
  }

  public String domain() {
    return domain;
  }

  /** The address to connect to: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  public int port() {
    requirePrepared();
    return port;
  }

  public String jid(String user) {
    return user + "@" + domain;
  }

  public boolean tls() {
    return tls;
  }

  /** The server's self-signed certificate (PEM), only with TLS. */
  public Path certificate() {
    requirePrepared();
    if (!tls) {
      throw new IllegalStateException("This Prosody runs without TLS");
    }
    return dir.resolve(domain + ".crt");
  }

  /** Prosody's data directory ({@code data_path}), e.g. for writing many accounts at once. */
  public Path dataDir() {
    requirePrepared();
    return dir.resolve("data");
  }

  public Path logFile() {
    requirePrepared();
    return dir.resolve("prosody.log");
  }

  /** The Prosody process id, for measuring its CPU time. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("Prosody is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the process but keeps port and data, for {@link #start()} again. */
  public synchronized void halt() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /** Stops and starts again on the same port: every client connection is dropped. */
  public synchronized void restart() {
    halt();
    start();
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

  private void prepare() throws IOException {
    dir = Files.createTempDirectory("parley-prosody-");
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("certs"));
    port = freePort();
    if (tls) {
      run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
          "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain,
          "-keyout", dir.resolve(domain + ".key").toString(), "-out", dir.resolve(domain + ".crt").toString()),
          "openssl req");
    }
    configFile = dir.resolve("prosody.cfg.lua");
    Files.writeString(configFile, config(), StandardCharsets.UTF_8);
  }

  private String config() {
    boolean root = isRoot();
    List<String> disabled = new ArrayList<>(List.of("\"s2s\"", "\"s2s_auth_certs\""));
    if (root) {
      // mod_posix refuses to run as root.
      disabled.add("\"posix\"");
    }
    StringBuilder c = new StringBuilder();
    c.append("-- Generated by ProsodyServer for a test run\n");
    if (root) {
      c.append("run_as_root = true\n");
    }
    c.append("daemonize = false\n");
    c.append("pidfile = ").append(lua(dir.resolve("prosody.pid"))).append('\n');
    c.append("data_path = ").append(lua(dir.resolve("data"))).append('\n');
    c.append("certificates = ").append(lua(dir.resolve("certs"))).append('\n');
    c.append("log = { { levels = { min = \"info\" }, to = \"file\", filename = ")
        .append(lua(dir.resolve("prosody.log"))).append(" } }\n");
    c.append("interfaces = { \"").append(HOST).append("\" }\n");
    c.append("c2s_interfaces = { \"").append(HOST).append("\" }\n");
    c.append("c2s_ports = { ").append(port).append(" }\n");
    c.append("c2s_direct_tls_ports = { }\n");
    c.append("legacy_ssl_ports = { }\n");
    c.append("c2s_require_encryption = false\n");
    c.append("allow_registration = false\n");
    c.append("authentication = \"internal_hashed\"\n");
    c.append("storage = \"internal\"\n");
    c.append("modules_enabled = { \"roster\"; \"saslauth\"; \"disco\"; \"ping\"; \"offline\";")
        .append(tls ? " \"tls\";" : "").append(" }\n");
    c.append("modules_disabled = { ").append(String.join("; ", disabled)).append(" }\n");
    c.append("VirtualHost \"").append(domain).append("\"\n");
    if (tls) {
      c.append("  ssl = { certificate = ").append(lua(dir.resolve(domain + ".crt")))
          .append("; key = ").append(lua(dir.resolve(domain + ".key"))).append("; }\n");
    }
    return c.toString();
  }

  private void awaitPort() throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prosody exited with " + process.exitValue() + ":\n" + diagnostics());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    halt();
    throw new IllegalStateException("Prosody did not listen on port " + port + " in time:\n" + diagnostics());
  }

  private String diagnostics() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("console.log", "prosody.log")) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        String text = Files.readString(file);
        out.append("--- ").append(name).append('\n')
            .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
      }
    }
    return out.toString();
  }

  private void run(List<String> command, String what) {
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

  private void requirePrepared() {
    if (dir == null) {
      throw new IllegalStateException("Call start() first");
    }
  }

  static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return uid.equals("0");
    } catch (IOException e) {
      return "root".equals(System.getProperty("user.name"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** A loopback port nobody listens on right now, e.g. to test an unreachable server. */
  public static int freePort() {
    return XmppTestServer.freePort();
  }

  private static String lua(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
