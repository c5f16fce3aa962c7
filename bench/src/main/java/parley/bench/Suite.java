package parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import parley.contract.BrowserEvent;
import parley.contract.boot.ClusterBoot;
import parley.web.AllInOne;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * The benchmark suite: a real Prosody on loopback, the all-in-one Parley beside it, users chatting
 * through Parley as browsers and the same users' pattern over plain Smack clients (the direct
 * path), stepped up in rate; then a detached user's backlog, then one XMPP node's session
 * capacity and login storm. Prints the table, writes the chart.
 *
 * <p>Usage: {@code bench/suite.sh [--quick] [--users N] [--rates 100,500] [--duration S] [--rampup S]
 * [--size BYTES] [--sessions N] [--backlog N] [--out DIR]}. The database is a fresh one on
 * {@code PARLEY_TEST_DB_URL} (as for the tests).
 */
public final class Suite {
  static final String TABLE_TITLE = "Parley vs direct";
  private static final String PASSWORD = "bench-im-password";

  private final SuiteOptions options;
  private final PrintStream out;
  private double lastBacklogMs;

  Suite(SuiteOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    ClusterBoot.routeJulToSlf4j();
    System.setProperty("java.awt.headless", "true");
    new Suite(SuiteOptions.parse(args), System.out).run();
    System.exit(0);
  }

  void run() throws Exception {
    long began = System.nanoTime();
    out.printf("Parley benchmark suite: %d users, rates %s msg/s, %.0f s per step after %.0f s ramp-up, %d-byte messages;"
        + " %d node sessions; backlog %d; %d cores, Java %s%n", options.users(), Arrays.toString(options.rates()),
        options.seconds(), options.rampUpSeconds(), options.size(), options.sessions(), options.backlog(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    ProsodyServer prosody = new ProsodyServer().start();
    List<StepResult> steps = new ArrayList<>();
    int backlogEvents;
    NodeCapacity.Result capacity;
    try {
      List<String> parleyJids = accounts(prosody, "pu");
      List<String> directJids = accounts(prosody, "du");
      AllInOne.Running parley = AllInOne.start(parleyConfig()).await();
      Vertx browsers = Vertx.vertx();
      LoadRunner runner = new LoadRunner();
      try (BrowserPath viaParley = new BrowserPath(browsers, parley.webPort(), prosody.port(), parleyJids, PASSWORD, runner);
           DirectPath direct = new DirectPath(prosody.domain(), prosody.port(), directJids, PASSWORD, runner)) {
        for (int rate : options.rates()) {
          // The two paths take turns at each rate, so both meet the same machine.
          for (ChatPath path : List.of(viaParley, direct)) {
            StepResult step = runner.run(path, rate, options.seconds(), options.rampUpSeconds(), options.size());
            steps.add(step);
            out.printf("  %-6s %5d msg/s: sent %d, received %d, median %.2f ms, p99 %.2f ms, p99.9 %.2f ms%s%n",
                step.path(), rate, step.sent(), step.received(), step.median(), step.p99(), step.p999(),
                step.refused() > 0 ? ", refused " + step.refused() : "");
          }
        }
        backlogEvents = backlog(viaParley, direct);
      } finally {
        browsers.close().await();
        parley.close().await();
      }
      capacity = NodeCapacity.measure(prosody, options.sessions(), PASSWORD, 600);
    } finally {
      prosody.stop();
    }
    print(steps, backlogEvents, capacity, (System.nanoTime() - began) / 1e9);
    Path chart = LatencyChart.write(steps, options.out());
    out.println("chart: " + chart);
  }

  /** Prosody accounts prefix0…prefixN-1, written straight into its storage. */
  private List<String> accounts(ProsodyServer prosody, String prefix) {
    IntStream.range(0, options.users()).parallel().forEach(i -> ProsodyAccounts.create(prosody, prefix + i, PASSWORD));
    return IntStream.range(0, options.users()).mapToObj(i -> prosody.jid(prefix + i)).toList();
  }

  /**
   * User 0 closes its page; somebody on the XMPP network (direct user 1) sends it the backlog; after the session has stored it, user 0
   * opens a socket again and attaches from its last event: the time from opening the socket to the
   * attach reply with the backlog. Returns the number of message events the reply carried.
   */
  private int backlog(BrowserPath parley, DirectPath peers) throws Exception {
    parley.detach(0);
    for (int i = 0; i < options.backlog(); i++) {
      peers.sendTo(1, parley.browser(0).jid, "backlog " + i);
      Thread.sleep(1);
    }
    // Let the session store every message (history and event window) before the user comes back.
    Thread.sleep(Math.max(3_000, options.backlog() * 5L));
    long start = System.nanoTime();
    JsonObject reply = parley.reattach(0);
    double ms = (System.nanoTime() - start) / 1e6;
    JsonArray events = reply.getJsonArray("events", new JsonArray());
    int messages = (int) events.stream().filter(e -> BrowserEvent.MESSAGE.equals(((JsonObject) e).getString("type"))).count();
    out.printf("  backlog: %d of %d messages in the attach reply (complete: %s) after %.1f ms%n", messages,
        options.backlog(), reply.getBoolean("complete"), ms);
    lastBacklogMs = ms;
    return messages;
  }

  private JsonObject parleyConfig() throws SQLException {
    // Bench users send far above the per-socket command limit that protects a real server; and the
    // free plan's quota would stop them, so everybody is on the unlimited plan.
    JsonObject config = WebStack.config();
    if (options.asyncCommit()) {
      asyncCommit(config.getJsonObject("db").getString("url"));
    }
    return config
        .put("web", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("commandsPerSecond", 100_000.0)
            .put("commandBurst", 100_000.0))
        .put("billing", new JsonObject().put("currency", "EUR").put("defaultPlan", "unlimited")
            .put("plans", new JsonObject().put("unlimited", new JsonObject().put("type", "unlimited"))));
  }

  /**
   * Diagnostic only ({@code --async-commit}): the fresh database commits without waiting for its
   * WAL flush, to measure how much of Parley's added latency is the history row's durable commit.
   */
  private void asyncCommit(String url) throws SQLException {
    URI uri = URI.create(url);
    String[] credentials = uri.getUserInfo().split(":", 2);
    String database = uri.getPath().substring(1);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
        + "/" + database, credentials[0], credentials.length > 1 ? credentials[1] : "");
         Statement s = c.createStatement()) {
      s.execute("alter database " + database + " set synchronous_commit = off");
    }
    out.println("diagnostic: synchronous_commit = off for Parley's database (history commits do not wait for the WAL flush)");
  }

  private void print(List<StepResult> steps, int backlogEvents, NodeCapacity.Result c, double seconds) {
    out.println();
    out.println("## " + TABLE_TITLE + ": end-to-end latency, sender to receiver (ms)");
    out.println("| msg/s | path | sent | received | median | p99 | p99.9 | added median | added p99 | ratio median |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (int i = 0; i + 1 < steps.size(); i += 2) {
      StepResult p = steps.get(i);
      StepResult d = steps.get(i + 1);
      out.printf("| %d | Parley | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f× |%n", p.rate(), p.sent(), p.received(),
          p.median(), p.p99(), p.p999(), p.median() - d.median(), p.p99() - d.p99(), p.median() / d.median());
      out.printf("| %d | direct | %d | %d | %.2f | %.2f | %.2f | | | |%n", d.rate(), d.sent(), d.received(),
          d.median(), d.p99(), d.p999());
    }
    out.printf("sustained before latency climbs: Parley %s msg/s, direct %s msg/s%n", knee(steps, "Parley"), knee(steps, "direct"));
    out.printf("backlog: %d messages reached the re-attaching browser in %.1f ms%n", backlogEvents, lastBacklogMs);
    out.printf("XMPP node: %d of %d sessions held; login storm %.0f sessions/s (SASL SCRAM-SHA-1 included);"
        + " per session: heap %.1f KiB, RSS %.1f KiB, threads %.2f%n", c.connected(), c.asked(), c.sessionsPerSecond(),
        c.heapPerSessionKiB(), c.rssPerSessionKiB(), c.threadsPerSession());
    out.println("threads by name with sessions held (largest groups):");
    c.threadsByName().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
        .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    out.println("heap histogram with sessions held:");
    out.println(c.histogram());
    out.printf("suite took %.0f s%n", seconds);
  }

  /**
   * The highest rate that was kept up (everything delivered, nothing refused) with the median at
   * most twice the lowest rate's plus a millisecond: past it, latency climbs.
   */
  static String knee(List<StepResult> steps, String path) {
    List<StepResult> mine = steps.stream().filter(s -> s.path().equals(path)).toList();
    if (mine.isEmpty()) {
      return "-";
    }
    double base = mine.get(0).median();
    String knee = "below " + mine.get(0).rate();
    for (StepResult s : mine) {
      if (!s.keptUp() || s.median() > 2 * base + 1) {
        return knee;
      }
      knee = String.valueOf(s.rate());
    }
    return knee + " (highest tried)";
  }
}
