package parley.bench.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import parley.bench.cluster.ParleyCluster.Kind;

/**
 * The chaos benchmark: a whole Parley cluster of separate JVMs on loopback ({@link ParleyCluster}),
 * pairs of users writing numbered messages, and each kind of process killed (SIGKILL) and started
 * again several times in turn. Prints per kind the median time until the affected users were
 * served again and the messages delayed, lost and doubled, then the full check of every message
 * ({@link ChaosVerdict}). Exit code 1 when a message was lost or doubled.
 *
 * <pre>
 *   PARLEY_TEST_DB_URL=postgresql://… bench/chaos.sh [--quick] [--kills 5] [--pairs 4] [--interval-ms 250]
 *       [--lease-ms 8000] [--renew-ms 2000] [--kinds session,xmpp,web,billing,prosody] [--down-ms 1000] [--out DIR]
 *       [--config '{"xmpp": {"shardBufferSize": 1}}']
 * </pre>
 * {@code --quick}: one kill of each kind. The lease defaults are the product's defaults. {@code --config}
 * is merged into every process's configuration.
 */
public final class Chaos {
  private Chaos() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    int kills = a.contains("--quick") ? 1 : intOption(a, "--kills", 5);
    int pairs = intOption(a, "--pairs", 4);
    long interval = intOption(a, "--interval-ms", 250);
    long lease = intOption(a, "--lease-ms", 8000);
    long renew = intOption(a, "--renew-ms", 2000);
    long down = intOption(a, "--down-ms", 1000);
    Path out = Path.of(option(a, "--out", "bench/target/chaos"));
    io.vertx.core.json.JsonObject extra = new io.vertx.core.json.JsonObject(option(a, "--config", "{}"));
    List<Kind> kinds = new ArrayList<>();
    for (String k : option(a, "--kinds", "session,xmpp,web,billing,prosody").split(",")) {
      kinds.add(Kind.valueOf(k.trim().toUpperCase()));
    }
    PrintStream print = System.out;
    print.printf("chaos: %d pairs, a message each %d ms per user, %d kills of each of %s, leases %d/%d ms, extra configuration %s;"
        + " logs in %s%n", pairs, interval, kills, kinds, lease, renew, extra.encode(), out);
    boolean clean;
    try (ParleyCluster cluster = ParleyCluster.start(out, lease, renew, extra);
         ChatTraffic traffic = ChatTraffic.setUp(cluster, pairs, interval)) {
      traffic.start();
      Thread.sleep(5000);
      ChaosRun run = new ChaosRun(cluster, traffic, print);
      run.run(kinds, kills, down, 90_000, 3000);
      Thread.sleep(3000);
      traffic.stop();
      ChaosVerdict verdict = ChaosVerdict.check(traffic, cluster, run.kills(), 90_000);
      print.println();
      run.print(run.effects());
      print.println();
      print.println("processes that died on their own: " + cluster.dead());
      print.println(verdict.summary());
      for (ChatTraffic.Writer w : traffic.writers()) {
        print.println(w.browser.summary());
      }
      run.printDetails(10);
      run.writeCsv(out.resolve("sends.csv"));
      clean = verdict.clean() && cluster.dead().isEmpty();
    }
    System.exit(clean ? 0 : 1);
  }

  private static String option(List<String> args, String name, String otherwise) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
  }

  private static int intOption(List<String> args, String name, int otherwise) {
    return Integer.parseInt(option(args, name, String.valueOf(otherwise)));
  }
}
