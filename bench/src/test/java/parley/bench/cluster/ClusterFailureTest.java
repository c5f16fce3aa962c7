package parley.bench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.bench.cluster.ChaosRun.Effect;
import parley.bench.cluster.ChatTraffic.Writer;
import parley.xmpp.testing.ProsodyServer;

/**
 * The failure test with real processes: two session processes (short leases), two XMPP nodes, two
 * OSCAR nodes, two web processes behind one front port and one billing process, each a JVM of its
 * own, a real Prosody, the OSCAR test server (in the test's JVM) and real PostgreSQL. Pairs of
 * users (two on XMPP, one on AIM) write each other numbered messages through the bridge
 * while one process of each kind in turn is killed with SIGKILL and started again. Afterwards every
 * accepted message was shown exactly once, in order, on both pages, the history is what the pages
 * show, and billing counted every stored message exactly once. The one exception is the issue's own:
 * AIM keeps no archive, so a message its server handed to the OSCAR node just as that node was
 * killed cannot be fetched again; the receiver's page must have said that messages sent until the
 * account reconnected may have been missed (counted apart, never as silent loss). Processes' logs
 * are in target/cluster-failure.
 */
class ClusterFailureTest {
  @Test
  @Timeout(value = 9, unit = TimeUnit.MINUTES)
  void killingOneProcessOfEachKindInTurnLosesAndDoublesNothing() throws Exception {
    assumeTrue(ProsodyServer.isInstalled(), "needs Prosody");
    try (ParleyCluster cluster = ParleyCluster.start(Path.of("target", "cluster-failure"), 3000, 1000,
            new io.vertx.core.json.JsonObject(), true);
         ChatTraffic traffic = ChatTraffic.setUp(cluster, 2, 250, 1, 1000)) {
      traffic.start();
      Thread.sleep(3000);
      ChaosRun run = new ChaosRun(cluster, traffic, System.out);
      run.run(cluster.kinds(), 1, 1000, 60_000, 2000);
      traffic.stop();
      assertEquals(List.of(), cluster.dead(), "processes that died on their own");

      ChaosVerdict verdict = ChaosVerdict.check(traffic, cluster, run.kills(), 60_000);
      List<Effect> effects = run.effects();
      run.print(effects);
      run.printDetails(20);
      run.writeCsv(Path.of("target", "cluster-failure", "sends.csv"));
      for (Writer w : traffic.writers()) {
        System.out.println(w.browser.summary());
      }
      System.out.println(verdict.summary());
      assertTrue(verdict.accepted >= 100, "too little traffic to show anything: " + verdict.summary());
      assertTrue(verdict.clean(), verdict.summary());
      for (Effect e : effects) {
        assertNotNull(e.servedAgainMs(), "users not served again after killing " + e.kill().process());
      }
    }
  }
}
