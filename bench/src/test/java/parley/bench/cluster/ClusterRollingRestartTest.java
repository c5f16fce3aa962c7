package parley.bench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.bench.cluster.ChaosBrowser.StateShown;
import parley.bench.cluster.ChaosRun.Effect;
import parley.bench.cluster.ChatTraffic.Writer;
import parley.bench.cluster.ParleyCluster.Kind;
import parley.contract.ConnectionState;
import parley.contract.nodes.NodeStatusReport;
import parley.xmpp.testing.ProsodyServer;

/**
 * A rolling restart with real processes, as an operator upgrades (docs/operations.md, "Rolling
 * restart"): the same cluster and numbered traffic as {@link ClusterFailureTest}, and every process
 * stopped and started again one at a time: each XMPP node drained through the admin HTTP route
 * until the admin listing says it is drained, then stopped with SIGTERM and started again; then
 * each session process, each web process and billing stopped with SIGTERM and started again.
 * Afterwards the same checks as the kill test: every accepted message shown exactly once, in order,
 * on both pages, the history what the pages show, billing exact. Processes' logs are in
 * target/cluster-rolling.
 */
@Tag("rolling-restart")
class ClusterRollingRestartTest {
  @Test
  @Timeout(value = 9, unit = TimeUnit.MINUTES)
  void restartingEveryProcessOneAtATimeUnderTrafficLosesAndDoublesNothing() throws Exception {
    assumeTrue(ProsodyServer.isInstalled(), "needs Prosody");
    try (ParleyCluster cluster = ParleyCluster.start(Path.of("target", "cluster-rolling"), 3000, 1000);
         ChatTraffic traffic = ChatTraffic.setUp(cluster, 2, 250)) {
      ClusterAdmin admin = ClusterAdmin.create(cluster, "operator");
      traffic.start();
      Thread.sleep(3000);
      long began = System.currentTimeMillis();
      ChaosRun run = new ChaosRun(cluster, traffic, System.out);
      List<String> notGraceful = new ArrayList<>();

      for (String name : List.of("xmpp-1", "xmpp-2")) {
        String nodeId = ClusterAdmin.nodeIdOf(cluster.process(name));
        long drainedAt = System.currentTimeMillis();
        assertNull(admin.drain(nodeId), "the drain of " + name + " was refused");
        assertTrue(admin.awaitDrained(nodeId, 60_000), name + " was not listed as drained within 60 s: " + admin.nodes());
        long drainMs = System.currentTimeMillis() - drainedAt;
        System.out.printf("rolling: %s drained in %d ms%n", name, drainMs);
        // A few accounts move in well under a second each; a move whose connect the bus dropped took
        // ~37 s (issue 11: the session gave up after 10 s, the node waited 30 s and a round's pause).
        assertTrue(drainMs <= 20_000, name + " took " + drainMs + " ms to drain");
        restart(cluster, run, traffic, Kind.XMPP, name, notGraceful, () -> {});
        // The next drain needs another node taking accounts: the new one, listed and not draining.
        String fresh = awaitNodeId(cluster.process(name));
        long end = System.currentTimeMillis() + 30_000;
        while (!listedTakingAccounts(admin, fresh) && System.currentTimeMillis() < end) {
          Thread.sleep(250);
        }
        assertTrue(listedTakingAccounts(admin, fresh), "the restarted " + name + " is not listed taking accounts: " + admin.nodes());
      }
      List<String> shardsKept = new ArrayList<>();
      for (String name : List.of("session-1", "session-2")) {
        java.util.regex.Matcher owner = java.util.regex.Pattern.compile("Session process (\\S+) serves")
            .matcher(cluster.process(name).runLog());
        assertTrue(owner.find(), name + " did not say its owner id");
        restart(cluster, run, traffic, Kind.SESSION, name, notGraceful, () -> {
          // Straight after it ended: a clean stop released its leases and left the share count.
          String kept = leasesKept(cluster, owner.group(1));
          if (!kept.isEmpty()) {
            shardsKept.add(name + " " + kept);
          }
        });
      }
      for (String name : List.of("web-1", "web-2")) {
        restart(cluster, run, traffic, Kind.WEB, name, notGraceful, () -> {});
      }
      restart(cluster, run, traffic, Kind.BILLING, "billing-1", notGraceful, () -> {});

      Thread.sleep(2000);
      traffic.stop();
      assertEquals(List.of(), cluster.dead(), "processes that died on their own");

      ChaosVerdict verdict = ChaosVerdict.check(traffic, cluster, run.kills(), 60_000);
      List<Effect> effects = run.effects();
      run.print(effects);
      run.printDetails(20);
      run.writeCsv(Path.of("target", "cluster-rolling", "sends.csv"));
      List<String> shownNotConnected = new ArrayList<>();
      for (Writer w : traffic.writers()) {
        System.out.println(w.browser.summary());
        for (StateShown s : w.browser.statesShown()) {
          if (s.at() >= began && s.accountId().equals(w.accountId) && !ConnectionState.CONNECTED.equals(s.state())) {
            shownNotConnected.add(w.browser.name() + " saw its account " + s.state() + " at " + java.time.Instant.ofEpochMilli(s.at()));
          }
        }
      }
      System.out.println(verdict.summary());
      System.out.println("account states other than connected shown during the restarts: " + shownNotConnected);
      assertEquals(List.of(), notGraceful, "processes that did not end within 30 s of SIGTERM");
      assertTrue(verdict.accepted >= 100, "too little traffic to show anything: " + verdict.summary());
      assertTrue(verdict.clean(), verdict.summary());
      // Stronger than the kill test: a process stopped on purpose hands its work over first.
      assertEquals(List.of(), shardsKept, "session processes that ended under SIGTERM still holding shard leases");
      // No send refused: a process stopped on purpose finishes what it took, and a send that reached
      // a session process as it handed its shard over goes again to the next owner (it carries the
      // page's client id, so the session stores and sends it once).
      assertEquals(List.of(), refused(traffic), "sends refused during a rolling restart");
      assertEquals(List.of(), shownNotConnected, "accounts shown other than connected during a rolling restart");
      for (Effect e : effects) {
        assertNotNull(e.servedAgainMs(), "users not served again after restarting " + e.kill().process());
      }
    }
  }

  /** SIGTERM, start again, wait until every user is served again, then a moment more. */
  private static void restart(ParleyCluster cluster, ChaosRun run, ChatTraffic traffic, Kind kind, String name,
      List<String> notGraceful, Runnable afterStop) throws Exception {
    long stoppedAt = System.currentTimeMillis();
    if (!cluster.terminate(name)) {
      notGraceful.add(name);
    }
    long stopMs = System.currentTimeMillis() - stoppedAt;
    afterStop.run();
    cluster.restart(name);
    long restartedAt = System.currentTimeMillis();
    run.note(kind, name, stoppedAt, restartedAt);
    long end = System.currentTimeMillis() + 60_000;
    while (run.servedAgain(stoppedAt) == null && System.currentTimeMillis() < end) {
      Thread.sleep(200);
    }
    Long back = run.servedAgain(stoppedAt);
    System.out.printf("rolling: %s stopped (SIGTERM) in %d ms, running again after %d ms; users served again %s%n", name,
        stopMs, restartedAt - stoppedAt, back == null ? "NOT within 60 s" : "after " + back + " ms");
    Thread.sleep(2000);
  }

  private static List<String> refused(ChatTraffic traffic) {
    List<String> out = new ArrayList<>();
    for (Writer w : traffic.writers()) {
      for (ChatTraffic.Send s : w.sends) {
        if (s.outcome() == ChatTraffic.Outcome.REFUSED) {
          out.add(s.text() + ": " + s.failure());
        }
      }
    }
    return out;
  }

  /** The shard leases {@code owner} still holds and whether it still counts as a live owner; "" when neither. */
  private static String leasesKept(ParleyCluster cluster, String owner) {
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool().connectingTo(cluster.db().getString("url"))
        .using(cluster.vertx()).build();
    try {
      long leases = pool.preparedQuery("select count(*) from session.shard_leases where owner = $1 and expires_at > now()")
          .execute(io.vertx.sqlclient.Tuple.of(owner)).await().iterator().next().getLong(0);
      long live = pool.preparedQuery("select count(*) from session.shard_owners where owner = $1 and expires_at > now()")
          .execute(io.vertx.sqlclient.Tuple.of(owner)).await().iterator().next().getLong(0);
      return leases == 0 && live == 0 ? "" : "(" + owner + ": " + leases + " leases unexpired, " + (live > 0 ? "still a live owner" : "left") + ")";
    } finally {
      pool.close().await();
    }
  }

  private static String awaitNodeId(ParleyProcessJvm process) throws Exception {
    long end = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        return ClusterAdmin.nodeIdOf(process);
      } catch (IllegalStateException e) {
        if (System.currentTimeMillis() > end) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static boolean listedTakingAccounts(ClusterAdmin admin, String nodeId) throws InterruptedException {
    List<NodeStatusReport> nodes = admin.nodes();
    return nodes != null && nodes.stream().anyMatch(n -> nodeId.equals(n.nodeId()) && !n.draining());
  }
}
