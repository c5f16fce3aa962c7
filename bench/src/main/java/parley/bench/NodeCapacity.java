package parley.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.management.ObjectName;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.contract.Shards;
import parley.contract.node.Connect;
import parley.contract.node.ConnectionStateChanged;
import parley.contract.node.Disconnect;
import parley.contract.node.NodeEventEnvelope;
import parley.contract.node.SetPresence;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import parley.xmpp.XmppNetwork;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * How many XMPP sessions one XMPP node holds and what each costs, measured in a JVM of its own
 * ({@link #inChildJvm}): an {@link XmppNodeVerticle} on its own Vert.x, sent {@code connect}
 * commands for many accounts at once as the session would (a login storm, SASL included), with
 * this class standing in for the session. First up to {@value #EARLY} other accounts log in and are held
 * (the live threads then) and closed; heap (after full GCs), resident memory ({@code VmRSS}) and live
 * threads are read before and after the storm; the difference per session is the figure. The
 * direct path's figure comes the same way from as many plain Smack clients ({@link PlainClients}).
 * Then all are closed and the same accounts log in again at once: the reconnect storm. Against a
 * Prosody with TLS, every session uses STARTTLS (tls "required", the server's certificate trusted).
 */
final class NodeCapacity {
  private static final String MARKER = "node-capacity";
  /** Sessions held before the storm, for the thread count at a small number: accounts prefixN… (N = sessions). */
  private static final int EARLY = 100;
  /**
   * Logins in progress at a time, on both paths (the Smack node's worker pool was 32). The node itself
   * does not bound them: 10,000 {@code connect}s at once leave Prosody's listener behind, and most
   * fail with "No answer while CONNECTING" (docs/benchmarks.md).
   */
  static final int PARALLEL = 32;

  /**
   * One storm: sessions established at once, how long it took, the CPU this JVM and Prosody spent, and
   * this JVM's CPU seconds by thread-name group (event loops, JIT compilers, GC…), to say where it went.
   */
  record Storm(int sessions, double seconds, double cpuSeconds, double prosodyCpuSeconds, Map<String, Double> threads) {
    double perSecond() {
      return sessions / seconds;
    }

    /** CPU milliseconds per session established, this JVM's and Prosody's. */
    double cpuMsPerLogin() {
      return cpuSeconds * 1000 / Math.max(1, sessions);
    }

    /**
     * CPU ms per login of the JIT compiler's threads (C1, C2): the JVM compiling the code a login runs,
     * which it does once (code run once per login reaches C2 after some thousands of logins), not per login.
     */
    double compilerMsPerLogin() {
      return CpuMeter.compilerSeconds(threads) * 1000 / Math.max(1, sessions);
    }

    double prosodyCpuMsPerLogin() {
      return prosodyCpuSeconds * 1000 / Math.max(1, sessions);
    }

    JsonObject toJson() {
      return new JsonObject().put("sessions", sessions).put("seconds", seconds).put("cpu", cpuSeconds)
          .put("prosodyCpu", prosodyCpuSeconds).put("threads", new JsonObject(new TreeMap<>(threads)));
    }

    static Storm fromJson(JsonObject j) {
      Map<String, Double> threads = new TreeMap<>();
      j.getJsonObject("threads").forEach(e -> threads.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
      return new Storm(j.getInteger("sessions"), j.getDouble("seconds"), j.getDouble("cpu"), j.getDouble("prosodyCpu"),
          threads);
    }
  }

  /**
   * What one run found: the first logins, the same accounts logging in again after all were closed
   * (a reconnect storm, as after a server restart), and the cost of the sessions held.
   */
  record Result(int asked, Storm login, Storm relogin, double heapPerSessionKiB, double rssPerSessionKiB,
      double threadsPerSession, Threads threads, double derivationMs, double prosodyRssMiB,
      Map<String, Integer> threadsByName, String histogram) {
    int connected() {
      return login.sessions();
    }

    JsonObject toJson() {
      return new JsonObject().put("asked", asked).put("login", login.toJson()).put("relogin", relogin.toJson())
          .put("heap", heapPerSessionKiB).put("rss", rssPerSessionKiB).put("threads", threadsPerSession)
          .put("threadCounts", threads.toJson()).put("derivationMs", derivationMs).put("prosodyRssMiB", prosodyRssMiB)
          .put("threadsByName", new JsonObject(new TreeMap<>(threadsByName))).put("histogram", histogram);
    }

    static Result fromJson(JsonObject j) {
      Map<String, Integer> threads = new TreeMap<>();
      j.getJsonObject("threadsByName").forEach(e -> threads.put(e.getKey(), ((Number) e.getValue()).intValue()));
      return new Result(j.getInteger("asked"), Storm.fromJson(j.getJsonObject("login")),
          Storm.fromJson(j.getJsonObject("relogin")), j.getDouble("heap"), j.getDouble("rss"), j.getDouble("threads"),
          Threads.fromJson(j.getJsonObject("threadCounts")), j.getDouble("derivationMs"), j.getDouble("prosodyRssMiB"),
          threads, j.getString("histogram"));
    }
  }

  /** Live threads in the JVM: before any session, with {@code earlySessions} held, with all the storm's held. */
  record Threads(int before, int earlySessions, int early, int held) {
    JsonObject toJson() {
      return new JsonObject().put("before", before).put("earlySessions", earlySessions).put("early", early)
          .put("held", held);
    }

    static Threads fromJson(JsonObject j) {
      return new Threads(j.getInteger("before"), j.getInteger("earlySessions"), j.getInteger("early"),
          j.getInteger("held"));
    }
  }

  private NodeCapacity() {}

  /**
   * One run in a fresh JVM, against accounts {@code prefix0…} ({@link #accounts}) that already exist on
   * Prosody. The child's heap is sized for the sessions, so that its growth does not show up as
   * their cost.
   */
  static Result inChildJvm(ProsodyServer prosody, boolean direct, String prefix, int sessions, String password,
      long timeoutSeconds, Path log, List<String> extraJvmOptions, String tlsEngine) throws Exception {
    List<String> jvm = new ArrayList<>(List.of("-Xms" + heapMiB(sessions) + "m", "-Xmx" + heapMiB(sessions) + "m"));
    jvm.addAll(extraJvmOptions);
    List<String> args = List.of(prosody.host(), String.valueOf(prosody.port()), prosody.domain(), prefix,
        String.valueOf(sessions), password, String.valueOf(timeoutSeconds), direct ? "direct" : "node",
        String.valueOf(prosody.pid()), prosody.tls() ? prosody.certificate().toString() : "-", tlsEngine);
    try (ChildJvm child = ChildJvm.start(NodeCapacity.class, jvm, args, MARKER, log)) {
      return Result.fromJson(new JsonObject(child.awaitAnnouncement(timeoutSeconds + 120)));
    }
  }

  /** The accounts a run of {@code sessions} uses: the storm's, then the early ones (at most {@value #EARLY}). */
  static int accounts(int sessions) {
    return sessions + early(sessions);
  }

  private static int early(int sessions) {
    return Math.min(EARLY, sessions);
  }

  /** Room for up to 200 KiB per session above a 256 MiB base. */
  private static long heapMiB(int sessions) {
    return 256 + sessions * 200L / 1024;
  }

  /** The child JVM: host port domain prefix sessions password timeoutSeconds node|direct prosodyPid certificate|- tlsEngine. */
  public static void main(String[] args) throws Exception {
    ClusterBoot.routeJulToSlf4j();
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int sessions = Integer.parseInt(args[4]);
    List<String> jids = IntStream.range(0, accounts(sessions)).mapToObj(i -> args[3] + i + "@" + args[2]).toList();
    String password = args[5];
    Path certificate = "-".equals(args[9]) ? null : Path.of(args[9]);
    try (SessionHolder holder = "direct".equals(args[7]) ? new PlainClients(args[2], port, password, certificate)
        : new NodeSessions(host, port, password, certificate, args[10])) {
      Result result = measure(holder, jids.subList(0, sessions), jids.subList(sessions, accounts(sessions)),
          Long.parseLong(args[6]), Long.parseLong(args[8]));
      System.out.println(MARKER + " " + result.toJson().encode());
    }
    System.exit(0);
  }

  /**
   * The early accounts (their own, so that none of the storm's salted passwords is kept beforehand)
   * log in, are counted and closed; then the storm, the sessions held, the reconnect storm; last, one
   * SCRAM-SHA-1 key derivation's CPU in this warm JVM, to tell the derivation apart in a login's cost.
   */
  private static Result measure(SessionHolder holder, List<String> jids, List<String> earlyJids, long timeoutSeconds,
      long prosodyPid) throws Exception {
    int threadsBefore = Memory.now().threads;
    int earlySessions = holder.open(earlyJids, timeoutSeconds);
    Thread.sleep(2_000);
    int threadsEarly = Memory.now().threads;
    holder.closeAll(timeoutSeconds);
    Memory before = Memory.now();
    Storm login = storm(() -> holder.open(jids, timeoutSeconds), prosodyPid);
    Thread.sleep(2_000);
    Memory after = Memory.now();
    double prosodyRssMiB = rssBytes(prosodyPid) / 1024.0 / 1024;
    Map<String, Integer> threads = threadsByName();
    String histogram = histogram(12);
    holder.closeAll(timeoutSeconds);
    Storm relogin = storm(() -> holder.open(jids, timeoutSeconds), prosodyPid);
    double derivationMs = ScramCost.cpuMsPerDerivation(10_000, 50);
    int n = Math.max(1, login.sessions());
    return new Result(jids.size(), login, relogin, (after.heap - before.heap) / 1024.0 / n,
        (after.rss - before.rss) / 1024.0 / n, (after.threads - before.threads) / (double) n,
        new Threads(threadsBefore, earlySessions, threadsEarly, after.threads), derivationMs, prosodyRssMiB, threads,
        histogram);
  }

  private interface Logins {
    int run() throws Exception;
  }

  private static Storm storm(Logins logins, long prosodyPid) throws Exception {
    long self = ProcessHandle.current().pid();
    Map<Long, CpuMeter.ThreadTicks> threads = CpuMeter.threadTicks(self);
    double cpu = CpuMeter.cpuSeconds(self);
    double prosodyCpu = CpuMeter.cpuSeconds(prosodyPid);
    long start = System.nanoTime();
    int established = logins.run();
    return new Storm(established, (System.nanoTime() - start) / 1e9, CpuMeter.cpuSeconds(self) - cpu,
        CpuMeter.cpuSeconds(prosodyPid) - prosodyCpu, CpuMeter.byThreadGroup(threads, CpuMeter.threadTicks(self)));
  }

  /** Opens sessions for all the accounts at once and holds them until closed. */
  private interface SessionHolder extends AutoCloseable {
    /** Returns how many sessions were up within the timeout. */
    int open(List<String> jids, long timeoutSeconds) throws Exception;

    /** Closes every session it holds and waits until they are closed. */
    void closeAll(long timeoutSeconds) throws Exception;
  }

  /**
   * Parley's way: an XMPP node sent one {@code connect} per account, {@value #PARALLEL} in progress at a
   * time, counting its {@code connected} events (a {@code failed} one also ends the account's login).
   */
  private static final class NodeSessions implements SessionHolder {
    private final Vertx vertx = Vertx.vertx();
    private final String host;
    private final int port;
    private final String password;
    private final String tls;
    /** Accounts reported connected, with the node that holds them. */
    private final Map<String, String> connected = new ConcurrentHashMap<>();
    private final Set<String> settled = ConcurrentHashMap.newKeySet();
    private final Semaphore inProgress = new Semaphore(PARALLEL);
    private volatile CountDownLatch awaited = new CountDownLatch(0);
    private volatile CountDownLatch closing = new CountDownLatch(0);

    NodeSessions(String host, int port, String password, Path certificate, String tlsEngine) {
      this.host = host;
      this.port = port;
      this.password = password;
      // The node sends each event to its user's session shard and waits for the answer.
      for (int shard = 0; shard < Shards.DEFAULT_COUNT; shard++) {
        vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shard), m -> {
          m.reply(new JsonObject());
          NodeEventEnvelope e = NodeEventEnvelope.fromJson(m.body());
          if (!NodeEvent.CONNECTION_STATE.equals(e.type())) {
            return;
          }
          String state = ConnectionStateChanged.fromJson(e.body()).state();
          String accountId = e.accountId();
          boolean up = ConnectionState.CONNECTED.equals(state);
          if ((up || ConnectionState.FAILED.equals(state)) && settled.add(accountId)) {
            if (up) {
              connected.put(accountId, e.nodeId());
            }
            inProgress.release();
            awaited.countDown();
          } else if (ConnectionState.DISCONNECTED.equals(state)) {
            closing.countDown();
          }
        });
      }
      this.tls = certificate == null ? "if-offered" : "required";
      JsonObject xmpp = new JsonObject().put("connectTimeoutSeconds", 60).put("tlsEngine", tlsEngine);
      if (certificate != null) {
        xmpp.put("trustedCertificate", certificate.toString());
      }
      vertx.deployVerticle(new XmppNodeVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("xmpp", xmpp)))
          .await();
    }

    @Override
    public int open(List<String> jids, long timeoutSeconds) throws InterruptedException {
      connected.clear();
      settled.clear();
      awaited = new CountDownLatch(jids.size());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      for (String jid : jids) {
        if (!inProgress.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          break;
        }
        Connect connect = new Connect(jid, password, host, port, tls, SetPresence.AVAILABLE, null);
        vertx.eventBus().request(Addresses.nodeConnect(XmppNetwork.ID), connect.toJson().put("type", connect.type())
            .put("accountId", UUID.randomUUID().toString()).put("userId", UUID.randomUUID().toString()));
      }
      awaited.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      inProgress.drainPermits();
      inProgress.release(PARALLEL);
      return connected.size();
    }

    @Override
    public void closeAll(long timeoutSeconds) throws InterruptedException {
      closing = new CountDownLatch(connected.size());
      connected.forEach((accountId, nodeId) -> vertx.eventBus().request(Addresses.node(nodeId),
          new Disconnect().toJson().put("type", NodeCommand.DISCONNECT).put("accountId", accountId)));
      closing.await(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      vertx.close().await();
    }
  }

  /**
   * The direct path: one plain Smack client per account (set up as the tests' {@code SmackPeer}, with
   * STARTTLS required when there is a certificate to trust), as many logging in at a time as the node
   * had worker threads with Smack ({@value #PARALLEL}).
   */
  private static final class PlainClients implements SessionHolder {
    private final ExecutorService logins = Executors.newFixedThreadPool(PARALLEL);
    private final Queue<XMPPTCPConnection> clients = new ConcurrentLinkedQueue<>();
    private final String domain;
    private final int port;
    private final String password;
    private final X509TrustManager trust;

    PlainClients(String domain, int port, String password, Path certificate) throws Exception {
      this.domain = domain;
      this.port = port;
      this.password = password;
      this.trust = certificate == null ? null : trustManager(certificate);
    }

    /** A client on 127.0.0.1, where the suite's Prosody is, logged in. */
    private XMPPTCPConnection connect(String user) throws Exception {
      XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
          .setXmppDomain(domain).setHost("127.0.0.1").setPort(port).setUsernameAndPassword(user, password);
      if (trust == null) {
        config.setSecurityMode(ConnectionConfiguration.SecurityMode.disabled);
      } else {
        config.setSecurityMode(ConnectionConfiguration.SecurityMode.required).setCustomX509TrustManager(trust);
      }
      XMPPTCPConnection connection = new XMPPTCPConnection(config.build());
      Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
      ChatManager.getInstanceFor(connection).addIncomingListener((from, message, chat) -> { });
      connection.connect().login();
      return connection;
    }

    @Override
    public int open(List<String> jids, long timeoutSeconds) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(jids.size());
      for (String jid : jids) {
        logins.execute(() -> {
          try {
            int at = jid.indexOf('@');
            clients.add(connect(jid.substring(0, at)));
          } catch (Exception e) {
            System.err.println("direct client " + jid + " failed: " + e);
          } finally {
            done.countDown();
          }
        });
      }
      done.await(timeoutSeconds, TimeUnit.SECONDS);
      return clients.size();
    }

    @Override
    public void closeAll(long timeoutSeconds) {
      clients.forEach(XMPPTCPConnection::disconnect);
      clients.clear();
    }

    @Override
    public void close() {
      logins.shutdownNow();
      clients.forEach(XMPPTCPConnection::disconnect);
    }
  }

  /** Heap used after full collections, resident set size, live threads. */
  private record Memory(long heap, long rss, int threads) {
    static Memory now() throws Exception {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Memory(heap, rssBytes(), ManagementFactory.getThreadMXBean().getThreadCount());
    }
  }

  /** Trusts exactly the certificates of a PEM file (the test Prosody's self-signed one). */
  private static X509TrustManager trustManager(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("trusted-" + i++, cert);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  static long rssBytes() throws Exception {
    return rssBytes(ProcessHandle.current().pid());
  }

  /** A process's resident set size ({@code VmRSS}), 0 when it is gone. */
  static long rssBytes(long pid) throws Exception {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** Live threads grouped by name with the digits taken out ("Smack Reader (#)"…), largest groups first in print. */
  private static Map<String, Integer> threadsByName() {
    Map<String, Integer> groups = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      groups.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
    }
    return groups;
  }

  /** The top of {@code GC.class_histogram} of this JVM (what jcmd prints), through the DiagnosticCommand MBean. */
  private static String histogram(int lines) {
    try {
      String all = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      String[] split = all.split("\n");
      return String.join("\n", java.util.Arrays.copyOf(split, Math.min(split.length, lines + 2)));
    } catch (Exception e) {
      return "class histogram unavailable: " + e;
    }
  }
}
