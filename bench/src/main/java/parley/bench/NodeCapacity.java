package parley.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.Network;
import parley.contract.NodeCommand;
import parley.contract.NodeEvent;
import parley.xmpp.XmppNodeVerticle;
import parley.xmpp.testing.ProsodyServer;

/**
 * How many XMPP sessions one XMPP node holds and what each costs, measured in this JVM: an
 * {@link XmppNodeVerticle} on its own Vert.x, sent {@code connect} commands for many accounts at
 * once as the session would (a login storm, SASL included), with this class standing in for the
 * session. Heap (after full GCs), resident memory ({@code VmRSS}) and live threads are read
 * before and after; the difference per session is the figure.
 */
final class NodeCapacity {
  /** What one run found. */
  record Result(int asked, int connected, double stormSeconds, double heapPerSessionKiB, double rssPerSessionKiB,
      double threadsPerSession, Map<String, Integer> threadsByName, String histogram) {
    double sessionsPerSecond() {
      return connected / stormSeconds;
    }
  }

  private NodeCapacity() {}

  static Result measure(ProsodyServer prosody, int sessions, String password, long timeoutSeconds) throws Exception {
    for (int i = 0; i < sessions; i++) {
      ProsodyAccounts.create(prosody, "cap" + i, password);
    }
    Vertx vertx = Vertx.vertx();
    try {
      CountDownLatch connected = new CountDownLatch(sessions);
      Map<String, Boolean> seen = new ConcurrentHashMap<>();
      vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_IM_EVENTS, m -> {
        JsonObject e = m.body();
        if (NodeEvent.CONNECTION_STATE.equals(e.getString("type")) && ConnectionState.CONNECTED.equals(e.getString("state"))
            && seen.putIfAbsent(e.getString("accountId"), true) == null) {
          connected.countDown();
        }
      });
      vertx.deployVerticle(new XmppNodeVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("xmpp", new JsonObject().put("connectTimeoutSeconds", 60)))).await();
      Memory before = Memory.now();
      long start = System.nanoTime();
      for (int i = 0; i < sessions; i++) {
        vertx.eventBus().request(Addresses.nodeConnect(Network.XMPP), new JsonObject().put("type", NodeCommand.CONNECT)
            .put("accountId", UUID.randomUUID().toString()).put("userId", UUID.randomUUID().toString())
            .put("login", prosody.jid("cap" + i)).put("password", password)
            .put("host", prosody.host()).put("port", prosody.port()).put("tls", "if-offered"));
      }
      connected.await(timeoutSeconds, TimeUnit.SECONDS);
      double storm = (System.nanoTime() - start) / 1e9;
      int held = sessions - (int) connected.getCount();
      Thread.sleep(2_000);
      Memory after = Memory.now();
      int n = Math.max(1, held);
      return new Result(sessions, held, storm, (after.heap - before.heap) / 1024.0 / n,
          (after.rss - before.rss) / 1024.0 / n, (after.threads - before.threads) / (double) n,
          threadsByName(), histogram(12));
    } finally {
      vertx.close().await();
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

  static long rssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
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
