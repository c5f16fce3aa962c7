package parley.xmpp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
public final class ProsodyServer extends XmppServerProcess {
  public static final Path PROSODY = Path.of("/usr/bin/prosody");
  public static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
  public static final String DEFAULT_DOMAIN = "localhost";

  private Path configFile;
  private boolean streamManagement;
  private int hibernationSeconds;
  private boolean archive;
  /** PEP (XEP-0163, mod_pep), on unless {@link #withoutPep()}. */
  private boolean pep = true;
  private String passwordHash;
  private String tlsProtocol;
  private long uploadLimit;
  private int httpsPort;
  /** The name of the upload service's certificate and key files in the server's directory. */
  private static final String UPLOAD_CERTIFICATE = "upload";

  /** A server for {@value #DEFAULT_DOMAIN} without TLS. */
  public ProsodyServer() {
    this(DEFAULT_DOMAIN, false);
  }

  public ProsodyServer(String domain, boolean tls) {
    super("Prosody", domain, tls);
  }

  /** A server for {@value #DEFAULT_DOMAIN} that offers STARTTLS with a self-signed certificate. */
  public static ProsodyServer withTls() {
    return new ProsodyServer(DEFAULT_DOMAIN, true);
  }

  /**
   * Offers stream management (XEP-0198) with resumption (mod_smacks);
   * off by default, so that a dropped client is gone at once as the other tests expect. Call before {@link #start()}.
   */
  public ProsodyServer withStreamManagement() {
    streamManagement = true;
    return this;
  }

  /**
   * Stream management as {@link #withStreamManagement()}, but a lost session is kept only this
   * long ({@code smacks_hibernation_time}); then what the client did not acknowledge goes to
   * offline storage, to be delivered again at its next login.
   */
  public ProsodyServer withStreamManagement(int hibernationSeconds) {
    streamManagement = true;
    this.hibernationSeconds = hibernationSeconds;
    return this;
  }

  /**
   * Keeps every user's messages in an archive (XEP-0313, mod_mam: every message, never expiring)
   * and stamps them with XEP-0359 stanza ids. Off by default. Call before {@link #start()}.
   */
  public ProsodyServer withArchive() {
    archive = true;
    return this;
  }

  /** Without PEP (mod_pep), as a server that offers only vCard avatars. Call before {@link #start()}. */
  public ProsodyServer withoutPep() {
    pep = false;
    return this;
  }

  /**
   * Stores passwords as SCRAM with this hash ({@code password_hash}: "SHA-1" or "SHA-256"); Prosody
   * 0.12 then offers SCRAM with that hash only. Call before {@link #start()}.
   */
  public ProsodyServer withPasswordHash(String hash) {
    passwordHash = hash;
    return this;
  }

  /**
   * Limits TLS to this LuaSec protocol (e.g. "tlsv1_2"). Below TLS 1.3 Prosody 0.12 also offers the
   * -PLUS mechanisms, bound with tls-unique (the only binding it knows). Call before {@link #start()}.
   */
  public ProsodyServer withTlsProtocol(String protocol) {
    tlsProtocol = protocol;
    return this;
  }

  /**
   * Offers XEP-0363 HTTP file upload (mod_http_file_share) as the component {@code upload.<domain>},
   * files up to {@code sizeLimit} bytes, served over https on a loopback port with a self-signed
   * certificate for 127.0.0.1 ({@link #uploadCertificate()}); slot URLs start with {@link #uploadUrl()}.
   * Call before {@link #start()}.
   */
  public ProsodyServer withUpload(long sizeLimit) {
    uploadLimit = sizeLimit;
    return this;
  }

  /** Where the upload service's slots are ({@code https://127.0.0.1:<port>/}), with {@link #withUpload(long)}. */
  public String uploadUrl() {
    requirePrepared();
    return "https://" + HOST + ":" + httpsPort + "/";
  }

  /** The PEM of the upload service's self-signed certificate: the one certificate to trust for its links. */
  public Path uploadCertificate() {
    requirePrepared();
    return dir().resolve(UPLOAD_CERTIFICATE + ".crt");
  }

  /** A Java HTTP client that trusts {@link #uploadCertificate()} only, to PUT and GET the upload service's files. */
  public HttpClient uploadClient() {
    try (InputStream in = Files.newInputStream(uploadCertificate())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("upload", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot trust " + uploadCertificate() + ": " + e.getMessage(), e);
    }
  }

  /** Whether Prosody is installed here; tests may skip themselves with this. */
  public static boolean isInstalled() {
    return Files.isExecutable(PROSODY) && Files.isExecutable(PROSODYCTL);
  }

  @Override
  public ProsodyServer start() {
    if (!isInstalled()) {
      throw new IllegalStateException("Prosody is not installed (" + PROSODY + " is missing). Install the "
          + "Debian package 'prosody' (apt-get install prosody), then run the tests as xmpp-verticle/README.md "
          + "says: mvn -pl xmpp-verticle -am verify");
    }
    startProcess();
    return this;
  }

  /** Registers a user with {@code prosodyctl register}; works while the server runs. */
  @Override
  public void createUser(String name, String password) {
    requirePrepared();
    run(List.of(PROSODYCTL.toString(), "--config", configFile.toString(), "register", name, domain, password),
        "register " + name);
  }

  /** Prosody's data directory ({@code data_path}), e.g. for writing many accounts at once. */
  public Path dataDir() {
    return dir().resolve("data");
  }

  public Path logFile() {
    return dir().resolve("prosody.log");
  }

  /** A loopback port nobody listens on right now, e.g. to test an unreachable server. */
  public static int freePort() {
    return XmppTestServer.freePort();
  }

  @Override
  protected void configure(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("certs"));
    if (uploadLimit > 0 && httpsPort == 0) {
      httpsPort = XmppTestServer.freePort();
      // Links name 127.0.0.1, so the certificate is for that address (and localhost).
      selfSignedCertificate(dir, UPLOAD_CERTIFICATE, "DNS:localhost,IP:" + HOST);
    }
    configFile = dir.resolve("prosody.cfg.lua");
    Files.writeString(configFile, config(dir), StandardCharsets.UTF_8);
  }

  @Override
  protected ProcessBuilder command(Path dir) {
    return new ProcessBuilder(PROSODY.toString(), "--config", configFile.toString());
  }

  @Override
  protected List<Integer> ports() {
    return uploadLimit > 0 ? List.of(port, httpsPort) : List.of(port);
  }

  @Override
  protected List<Path> logFiles(Path dir) {
    return List.of(dir.resolve("prosody.log"));
  }

  private String config(Path dir) {
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
    if (passwordHash != null) {
      c.append("password_hash = \"").append(passwordHash).append("\"\n");
    }
    c.append("modules_enabled = { \"roster\"; \"saslauth\"; \"disco\"; \"ping\"; \"offline\";")
        .append(tls ? " \"tls\";" : "").append(streamManagement ? " \"smacks\";" : "").append(archive ? " \"mam\";" : "").append(" }\n");
    if (archive) {
      c.append("default_archive_policy = true\n");
      c.append("archive_expires_after = \"never\"\n");
      c.append("max_archive_query_results = 100\n");
    }
    if (uploadLimit > 0) {
      // https only: pages preview images over https only, as a browser trusting this certificate does in the tests.
      c.append("http_ports = { }\n");
      c.append("http_interfaces = { }\n");
      c.append("https_ports = { ").append(httpsPort).append(" }\n");
      c.append("https_interfaces = { \"").append(HOST).append("\" }\n");
      c.append("https_ssl = { certificate = ").append(lua(dir.resolve(UPLOAD_CERTIFICATE + ".crt")))
          .append("; key = ").append(lua(dir.resolve(UPLOAD_CERTIFICATE + ".key"))).append("; }\n");
      c.append("http_default_host = \"upload.").append(domain).append("\"\n");
    }
    if (hibernationSeconds > 0) {
      c.append("smacks_hibernation_time = ").append(hibernationSeconds).append('\n');
    }
    c.append("modules_disabled = { ").append(String.join("; ", disabled)).append(" }\n");
    c.append("VirtualHost \"").append(domain).append("\"\n");
    // Added per host (Prosody joins it to the global list): XEP-0280 message carbons, XEP-0191 blocking,
    // XEP-0054 vCards, which carry contacts' avatars (XEP-0153); PEP (XEP-0163), which carries them by XEP-0084,
    // and room bookmarks (XEP-0402 on PEP, kept in step with XEP-0048 private storage).
    c.append("  modules_enabled = { \"carbons\"; \"blocklist\"; \"vcard\"; \"private\"")
        .append(pep ? "; \"pep\"; \"bookmarks\"" : "").append(" }\n");
    if (tls) {
      c.append("  ssl = { certificate = ").append(lua(dir.resolve(domain + ".crt")))
          .append("; key = ").append(lua(dir.resolve(domain + ".key")))
          .append(tlsProtocol == null ? "" : "; protocol = \"" + tlsProtocol + "\"").append("; }\n");
    }
    // XEP-0045 group chats for every test (mod_muc); rooms keep their messages (mod_muc_mam), which stamps
    // them with XEP-0359 stanza ids by the room; anyone may create a room.
    c.append("Component \"conference.").append(domain).append("\" \"muc\"\n");
    c.append("  modules_enabled = { \"muc_mam\" }\n");
    c.append("  restrict_room_creation = false\n");
    c.append("  muc_room_default_history_length = 50\n");
    if (uploadLimit > 0) {
      c.append("Component \"upload.").append(domain).append("\" \"http_file_share\"\n");
      c.append("  http_file_share_size_limit = ").append(uploadLimit).append('\n');
      c.append("  http_external_url = \"https://").append(HOST).append(':').append(httpsPort).append("/\"\n");
    }
    return c.toString();
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

  private static String lua(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
