package parley.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real ejabberd XMPP server for tests, the twin of {@link ProsodyServer}: loopback only, a
 * random free client port, a generated {@code ejabberd.yml} and a temporary spool and log
 * directory. Needs the Debian package {@code ejabberd}.
 *
 * <pre>{@code
 * EjabberdServer ejabberd = new EjabberdServer().start();  // or EjabberdServer.withTls().start()
 * ejabberd.createUser("alice", "secret-password");
 * ejabberd.restart();                                        // same port, same data
 * ejabberd.stop();                                           // kills it and deletes the directory
 * }</pre>
 *
 * The Erlang VM runs without distribution (no node name, no cookie, no epmd), so any number of
 * these run side by side and none meets a system ejabberd; {@code ejabberdctl} is not used (it
 * needs distribution and runs only as root or the user ejabberd). Users are registered through
 * ejabberd's HTTP API on a second loopback port. Passwords are stored as SCRAM, as Prosody's
 * {@code internal_hashed} does. The VM stops by itself when its standard input closes, so a test
 * JVM that dies leaves no server behind.
 */
public final class EjabberdServer extends XmppServerProcess {
  public static final Path ERL = Path.of("/usr/bin/erl");
  /** Where Debian puts ejabberd's Erlang applications: /usr/lib/<triplet>/ejabberd-<version>. */
  private static final Path LIB = Path.of("/usr/lib");
  public static final String DEFAULT_DOMAIN = "localhost";
  /**
   * Stops the VM (cleanly, as on SIGTERM) when the test JVM closes the pipe or dies. Taking fd 0
   * from Erlang's idle input driver logs one harmless "stealing control of fd=0" report.
   */
  private static final String STOP_ON_EOF = "spawn(fun() -> P = open_port({fd, 0, 1}, [in, eof, binary]), "
      + "W = fun L() -> receive {P, eof} -> init:stop(); {P, _} -> L() end end, W() end)";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path configFile;
  private boolean archive;
  private boolean streamManagement;
  private String scramHash;
  private int apiPort;
  private long uploadLimit;
  private int httpPort;

  /** A server for {@value #DEFAULT_DOMAIN} without TLS. */
  public EjabberdServer() {
    this(DEFAULT_DOMAIN, false);
  }

  public EjabberdServer(String domain, boolean tls) {
    super("ejabberd", domain, tls);
  }

  /** A server for {@value #DEFAULT_DOMAIN} that offers STARTTLS with a self-signed certificate. */
  public static EjabberdServer withTls() {
    return new EjabberdServer(DEFAULT_DOMAIN, true);
  }

  /**
   * Offers stream management (XEP-0198) with resumption (mod_stream_mgmt, sessions kept 60 s);
   * off by default, so that a dropped client is gone at once as the other tests expect. Call before {@link #start()}.
   */
  public EjabberdServer withStreamManagement() {
    streamManagement = true;
    return this;
  }

  /** Keeps every user's messages in an archive (XEP-0313, mod_mam, always). Call before {@link #start()}. */
  public EjabberdServer withArchive() {
    archive = true;
    return this;
  }

  /**
   * Stores passwords as SCRAM with this hash ({@code auth_scram_hash}: sha, sha256 or sha512) instead
   * of SHA-1; ejabberd then offers only SCRAM with that hash (and its -PLUS, bound with tls-unique
   * only, over TLS). Call before {@link #start()}.
   */
  public EjabberdServer withScramHash(String hash) {
    scramHash = hash;
    return this;
  }

  /**
   * Offers XEP-0363 HTTP file upload (mod_http_upload) as the service {@code upload.<domain>}, files
   * up to {@code sizeLimit} bytes, taken and served over plain HTTP on a loopback port
   * ({@link #httpPort()}) under {@code /upload}; slot URLs name 127.0.0.1. The twin of
   * {@link ProsodyServer#withUpload(long)}. Call before {@link #start()}.
   */
  public EjabberdServer withUpload(long sizeLimit) {
    uploadLimit = sizeLimit;
    return this;
  }

  /** The HTTP port of the upload service (with {@link #withUpload(long)}). */
  public int httpPort() {
    requirePrepared();
    return httpPort;
  }

  /** Whether ejabberd is installed here; tests may skip themselves with this. */
  public static boolean isInstalled() {
    return Files.isExecutable(ERL) && libraries() != null;
  }

  @Override
  public EjabberdServer start() {
    if (!isInstalled()) {
      throw new IllegalStateException("ejabberd is not installed (no " + LIB + "/*/ejabberd-*/ebin/ejabberd.app). "
          + "Install the Debian package 'ejabberd' (apt-get install --no-install-recommends ejabberd; ./parley test "
          + "does it), then run the tests as xmpp-verticle/README.md says: mvn -pl xmpp-verticle -am verify");
    }
    startProcess();
    return this;
  }

  @Override
  protected ProcessBuilder command(Path dir) {
    ProcessBuilder builder = new ProcessBuilder(List.of(ERL.toString(), "-noinput", "-noshell",
        // Sleep instead of spinning when idle: the test machine's cores are shared.
        "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none",
        "-mnesia", "dir", erlangString(dir.resolve("spool")),
        "-eval", STOP_ON_EOF,
        "-s", "ejabberd"))
        .directory(dir.toFile());
    builder.environment().put("ERL_LIBS", libraries().toString());
    builder.environment().put("EJABBERD_CONFIG_PATH", configFile.toString());
    builder.environment().put("EJABBERD_LOG_PATH", dir.resolve("log").resolve("ejabberd.log").toString());
    builder.environment().put("ERL_CRASH_DUMP_BYTES", "0");
    return builder;
  }

  @Override
  protected List<Integer> ports() {
    return uploadLimit > 0 ? List.of(port, apiPort, httpPort) : List.of(port, apiPort);
  }

  @Override
  protected List<Path> logFiles(Path dir) {
    return List.of(dir.resolve("log").resolve("error.log"), dir.resolve("log").resolve("ejabberd.log"));
  }

  /** Registers a user through ejabberd's HTTP API ({@code /api/register}); works while the server runs. */
  @Override
  public void createUser(String name, String password) {
    requirePrepared();
    String body = "{\"user\":" + json(name) + ",\"host\":" + json(domain) + ",\"password\":" + json(password) + "}";
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + apiPort + "/api/register"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("register " + name + " failed: HTTP " + response.statusCode() + " "
            + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("register " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("register " + name + " interrupted", e);
    }
  }

  public Path logFile() {
    return dir().resolve("log").resolve("ejabberd.log");
  }

  @Override
  protected void configure(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("spool"));
    Files.createDirectories(dir.resolve("log"));
    do {
      apiPort = XmppTestServer.freePort();
    } while (apiPort == port);
    if (uploadLimit > 0) {
      Files.createDirectories(dir.resolve("upload"));
      do {
        httpPort = XmppTestServer.freePort();
      } while (httpPort == port || httpPort == apiPort);
    }
    configFile = dir.resolve("ejabberd.yml");
    Files.writeString(configFile, config(dir), StandardCharsets.UTF_8);
  }

  /** The same service as {@link ProsodyServer}'s: c2s, roster, disco, ping, offline messages; no s2s, no registration. */
  private String config(Path dir) {
    StringBuilder c = new StringBuilder();
    c.append("# Generated by EjabberdServer for a test run\n");
    c.append("hosts:\n  - ").append(json(domain)).append('\n');
    c.append("loglevel: info\n");
    c.append("log_rotate_count: 0\n");
    if (tls) {
      c.append("certfiles:\n");
      c.append("  - ").append(json(dir.resolve(domain + ".crt").toString())).append('\n');
      c.append("  - ").append(json(dir.resolve(domain + ".key").toString())).append('\n');
    }
    c.append("listen:\n");
    c.append("  - port: ").append(port).append('\n');
    c.append("    ip: \"").append(HOST).append("\"\n");
    c.append("    module: ejabberd_c2s\n");
    c.append("    starttls: ").append(tls).append('\n');
    c.append("    starttls_required: false\n");
    c.append("  - port: ").append(apiPort).append('\n');
    c.append("    ip: \"").append(HOST).append("\"\n");
    c.append("    module: ejabberd_http\n");
    c.append("    request_handlers:\n");
    c.append("      /api: mod_http_api\n");
    if (uploadLimit > 0) {
      // Its own listener, as Prosody's upload has its own port: PUT and GET of the slots, nothing else.
      c.append("  - port: ").append(httpPort).append('\n');
      c.append("    ip: \"").append(HOST).append("\"\n");
      c.append("    module: ejabberd_http\n");
      c.append("    request_handlers:\n");
      c.append("      /upload: mod_http_upload\n");
    }
    c.append("auth_method: internal\n");
    c.append("auth_password_format: scram\n");
    if (scramHash != null) {
      c.append("auth_scram_hash: ").append(scramHash).append('\n');
    }
    c.append("disable_sasl_mechanisms: [\"digest-md5\", \"x-oauth2\"]\n");
    c.append("s2s_access: none\n");
    // Only the test may create users, and only with the register command of the HTTP API.
    c.append("api_permissions:\n");
    c.append("  \"test fixture\":\n");
    c.append("    from: [mod_http_api]\n");
    c.append("    who:\n");
    c.append("      ip: 127.0.0.1/32\n");
    c.append("    what: [register]\n");
    c.append("modules:\n");
    c.append("  mod_roster: {}\n");
    c.append("  mod_disco: {}\n");
    c.append("  mod_ping: {}\n");
    c.append("  mod_offline: {}\n");
    c.append("  mod_carboncopy: {}\n");
    // XEP-0191 blocking; ejabberd's mod_blocking works on its privacy lists (mod_privacy).
    c.append("  mod_privacy: {}\n");
    c.append("  mod_blocking: {}\n");
    c.append("  mod_vcard: {}\n");
    // PEP (XEP-0163) for avatars by XEP-0084; mod_caps learns who asked for notifications (+notify).
    c.append("  mod_caps: {}\n");
    c.append("  mod_pubsub: {plugins: [\"flat\", \"pep\"]}\n");
    // Room bookmarks in private XML storage (XEP-0048 on XEP-0049).
    c.append("  mod_private: {}\n");
    // XEP-0045 group chats at conference.<domain> for every test; anyone may create a room. With the archive,
    // rooms keep their messages too (mam), which stamps them with XEP-0359 stanza ids by the room.
    c.append("  mod_muc:\n");
    c.append("    host: \"conference.@HOST@\"\n");
    c.append("    access_create: all\n");
    c.append("    history_size: 50\n");
    if (archive) {
      c.append("    default_room_options:\n");
      c.append("      mam: true\n");
    }
    if (uploadLimit > 0) {
      // XEP-0363 at upload.<domain>, which mod_disco lists in the domain's items; any local user may upload
      // (access: all here, as the listener is on loopback only). get_url defaults to put_url.
      c.append("  mod_http_upload:\n");
      c.append("    host: \"upload.@HOST@\"\n");
      c.append("    access: all\n");
      c.append("    max_size: ").append(uploadLimit).append('\n');
      c.append("    docroot: ").append(json(dir.resolve("upload").toString())).append('\n');
      c.append("    put_url: \"http://").append(HOST).append(':').append(httpPort).append("/upload\"\n");
      c.append("    thumbnail: false\n");
    }
    if (streamManagement) {
      c.append("  mod_stream_mgmt: {resume_timeout: 60}\n");
    }
    if (archive) {
      c.append("  mod_mam: {default: always, assume_mam_usage: true}\n");
    }
    return c.toString();
  }

  /** The directory that holds ejabberd-VERSION and its dependencies, for {@code ERL_LIBS}; null if none. */
  private static Path libraries() {
    try (DirectoryStream<Path> triplets = Files.newDirectoryStream(LIB)) {
      for (Path triplet : triplets) {
        if (!Files.isDirectory(triplet)) {
          continue;
        }
        try (DirectoryStream<Path> apps = Files.newDirectoryStream(triplet, "ejabberd-*")) {
          for (Path app : apps) {
            if (Files.exists(app.resolve("ebin").resolve("ejabberd.app"))) {
              return triplet;
            }
          }
        } catch (IOException unreadable) {
          // not this one
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static String erlangString(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A JSON string literal (also a YAML double-quoted scalar). */
  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
