package parley.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.testing.ClusterPorts;
import parley.session.testing.TestDatabase;
import parley.xmpp.testing.ProsodyServer;

/**
 * A whole Parley cluster of separate JVMs on loopback: two session processes, two XMPP nodes, two
 * web processes and one billing process in a Hazelcast cluster of their own (own name, random
 * ports), a real Prosody (archive and stream management on) and a fresh database on the PostgreSQL
 * named by {@code PARLEY_TEST_DB_URL}; optionally two OSCAR nodes too (so that the accounts of a
 * killed one reconnect through the other), with the OSCAR test server (oscar-verticle's test-jar)
 * running in this JVM, not in one of its own. Each process can be killed with SIGKILL and started again
 * (same configuration, same ports). The web processes are reached through one front port
 * ({@link WebFrontProxy}), as behind a load balancer.
 */
public final class ParleyCluster implements AutoCloseable {
  /** The kinds of process a chaos run kills, in the order it kills them. */
  public enum Kind { SESSION, XMPP, OSCAR, WEB, BILLING, PROSODY }

  private final Path dir;
  private final JsonObject db;
  private final ProsodyServer prosody;
  /** The OSCAR test server, or null when the cluster has no OSCAR node. */
  private parley.oscar.testing.OscarTestServer oscar;
  private final Map<String, ParleyProcessJvm> processes = new LinkedHashMap<>();
  private final List<Integer> webPorts = new ArrayList<>();
  private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
  /** One front proxy per web process, each preferring its own and falling over to the others. */
  private final List<WebFrontProxy> proxies = new ArrayList<>();
  private final List<Integer> frontPorts = new ArrayList<>();

  /**
   * Writes the configurations and starts everything; returns once every process runs and the
   * front port answers. {@code leaseMs}/{@code renewMs}: the session's shard lease and renewal.
   */
  public static ParleyCluster start(Path dir, long leaseMs, long renewMs) throws Exception {
    return start(dir, leaseMs, renewMs, new JsonObject());
  }

  /** The same with {@code extra} merged into every process's configuration (e.g. a small node buffer). */
  public static ParleyCluster start(Path dir, long leaseMs, long renewMs, JsonObject extra) throws Exception {
    return start(dir, leaseMs, renewMs, extra, false);
  }

  /** The same, with {@code withOscar} two OSCAR node processes ({@code oscar-1}, {@code oscar-2}) and the OSCAR test server. */
  public static ParleyCluster start(Path dir, long leaseMs, long renewMs, JsonObject extra, boolean withOscar) throws Exception {
    ParleyCluster cluster = new ParleyCluster(dir);
    try {
      if (withOscar) {
        cluster.oscar = new parley.oscar.testing.OscarTestServer().start();
      }
      cluster.launch(leaseMs, renewMs, extra);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private ParleyCluster(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.db = TestDatabase.freshDatabase();
    this.prosody = new ProsodyServer().withArchive().withStreamManagement();
  }

  private void launch(long leaseMs, long renewMs, JsonObject extra) throws Exception {
    prosody.start();
    List<String> names = new ArrayList<>(List.of("session-1", "session-2", "billing-1", "xmpp-1", "xmpp-2", "web-1", "web-2"));
    if (oscar != null) {
      names.addAll(5, List.of("oscar-1", "oscar-2"));
    }
    // The members' ports, then the web processes' two.
    int base = ClusterPorts.base(names.size() + 2);
    int nextWebPort = base + names.size();
    JsonArray members = new JsonArray();
    for (int i = 0; i < names.size(); i++) {
      members.add("127.0.0.1:" + (base + i));
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject common = new JsonObject()
        .put("db", db)
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4)
            .put("shardLeaseMs", leaseMs).put("shardRenewMs", renewMs))
        .put("billing", new JsonObject().put("defaultPlan", "unlimited")
            .put("plans", new JsonObject().put("unlimited", new JsonObject().put("type", "unlimited"))))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("cluster", new JsonObject().put("configFile", "no-such-file.xml").put("name", "parley-chaos-" + UUID.randomUUID())
            .put("members", members).put("joinWaitSeconds", 1));
    common.mergeIn(extra, true);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      JsonObject config = common.copy();
      config.getJsonObject("cluster").put("port", base + i);
      if (name.startsWith("web")) {
        int port = nextWebPort++;
        webPorts.add(port);
        config.put("web", new JsonObject().put("host", "127.0.0.1").put("port", port));
      }
      Path file = dir.resolve(name + ".json");
      Files.writeString(file, config.encodePrettily());
      processes.put(name, new ParleyProcessJvm(name, mainOf(name), file, dir.resolve(name + ".log")));
    }
    // One at a time, the sessions first (they migrate the database). Five JVMs joining Hazelcast
    // at once on a loaded machine stalled its partition migration for minutes (a joining member
    // refused the master's partition table before it knew the master: CallerNotMemberException,
    // then every subscription write on those partitions retried "Partition is migrating").
    for (ParleyProcessJvm p : processes.values()) {
      p.start();
      p.awaitRunning(120_000);
    }
    for (int i = 0; i < webPorts.size(); i++) {
      List<Integer> order = new ArrayList<>(webPorts.subList(i, webPorts.size()));
      order.addAll(webPorts.subList(0, i));
      WebFrontProxy proxy = new WebFrontProxy(vertx, order);
      proxies.add(proxy);
      frontPorts.add(proxy.start());
    }
  }

  private static Class<?> mainOf(String name) {
    return switch (name.substring(0, name.indexOf('-'))) {
      case "session" -> parley.session.Main.class;
      case "billing" -> parley.billing.Main.class;
      case "xmpp" -> parley.xmpp.Main.class;
      case "oscar" -> parley.oscar.Main.class;
      case "web" -> parley.web.Main.class;
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The port browser {@code i} uses: a proxy in front of both web processes that prefers web
   * process {@code i % 2}, so that browsers are spread over both and fall over to the other.
   */
  public int frontPort(int i) {
    return frontPorts.get(Math.floorMod(i, frontPorts.size()));
  }

  public ProsodyServer prosody() {
    return prosody;
  }

  /** The OSCAR test server; null when the cluster was started without OSCAR. */
  public parley.oscar.testing.OscarTestServer oscar() {
    return oscar;
  }

  /** The kinds of process this cluster has (OSCAR only when started with it), in {@link Kind} order. */
  public List<Kind> kinds() {
    return java.util.Arrays.stream(Kind.values()).filter(k -> k == Kind.PROSODY || !processes(k).isEmpty()).toList();
  }

  /** The {@code db} section (its {@code url}) of the cluster's own database. */
  public JsonObject db() {
    return db;
  }

  public Path dir() {
    return dir;
  }

  public io.vertx.core.Vertx vertx() {
    return vertx;
  }

  /** The processes of one kind (Prosody has none here: see {@link #prosody()}). */
  public List<ParleyProcessJvm> processes(Kind kind) {
    String prefix = kind.name().toLowerCase() + "-";
    return processes.values().stream().filter(p -> p.name().startsWith(prefix)).toList();
  }

  /** Kills the {@code index}-th process of that kind with SIGKILL (Prosody too); returns its name. */
  public String kill(Kind kind, int index) throws InterruptedException {
    if (kind == Kind.PROSODY) {
      ProcessHandle.of(prosody.pid()).ifPresent(ProcessHandle::destroyForcibly);
      long end = System.currentTimeMillis() + 10_000;
      while (prosody.isRunning() && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      return "prosody";
    }
    List<ParleyProcessJvm> of = processes(kind);
    ParleyProcessJvm p = of.get(Math.floorMod(index, of.size()));
    p.kill();
    return p.name();
  }

  /** Stops the named process with SIGTERM (at most 30 s, then SIGKILL); true when it ended by itself. */
  public boolean terminate(String name) throws InterruptedException {
    return processes.get(name).terminate(30_000);
  }

  /** The process of that name (e.g. {@code xmpp-1}). */
  public ParleyProcessJvm process(String name) {
    return processes.get(name);
  }

  /** Every process's name, in the order they were started. */
  public List<String> names() {
    return List.copyOf(processes.keySet());
  }

  /** Makes a signed-up user an admin, as the operator's {@code Admins grant} command does; it takes effect at the next sign-in. */
  public void grantAdmin(String username) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code = parley.session.Admins.run(new JsonObject().put("db", db), List.of("grant", username),
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    if (code != 0) {
      throw new IllegalStateException("could not make " + username + " an admin: " + out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Starts a killed process again and waits until it runs. */
  public void restart(String name) throws Exception {
    if ("prosody".equals(name)) {
      prosody.restart();
      return;
    }
    ParleyProcessJvm p = processes.get(name);
    p.start();
    p.awaitRunning(120_000);
  }

  /** Every process still alive (a check that nothing died on its own). */
  public List<String> dead() {
    List<String> out = new ArrayList<>();
    processes.values().stream().filter(p -> !p.alive()).forEach(p -> out.add(p.name()));
    if (!prosody.isRunning()) {
      out.add("prosody");
    }
    return out;
  }

  /** Stops every process (web first, so that browsers stop first) and Prosody. */
  @Override
  public void close() throws Exception {
    List<ParleyProcessJvm> all = new ArrayList<>(processes.values());
    java.util.Collections.reverse(all);
    for (ParleyProcessJvm p : all) {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    proxies.forEach(WebFrontProxy::close);
    vertx.close().await();
    prosody.stop();
    if (oscar != null) {
      oscar.close();
    }
  }
}
