package parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import parley.app.AllInOne;
import parley.boot.ClusterBoot;
import parley.contract.BrowserEvent;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * The benchmark suite: a real Prosody on loopback, the all-in-one Parley in a JVM of its own, users
 * chatting through Parley as browsers and the same users' pattern over plain Smack clients (the
 * direct path) from this JVM, stepped up in rate, with the CPU each process used; then a detached
 * user's backlog; the whole repeated {@code --runs} times on a fresh Parley and database; then one
 * XMPP node's session capacity and login storm, each run in a fresh JVM, against a Prosody without
 * TLS and one with STARTTLS. Prints each run's figures and the medians over the runs, writes the chart
 * of the medians.
 *
 * <p>Usage: {@code bench/suite.sh [--quick] [--runs N] [--users N] [--rates 100,500] [--warmup S] [--warmup-max S]
 * [--duration S] [--rampup S] [--size BYTES] [--sessions N] [--backlog N] [--out DIR] [--profile] [--capacity-only]
 * [--tls off,on] [--no-direct]}. The database is a fresh one on {@code PARLEY_TEST_DB_URL} (as for the tests).
 */
public final class Suite {
  static final String TABLE_TITLE = "Parley vs direct";
  private static final String PASSWORD = "bench-im-password";
  private static final List<String> CPU_PARTS = List.of("Parley", "Prosody", "PostgreSQL", "driver");
  /** The JIT compiler's share of Parley's CPU under which the warm-up counts its code as compiled. */
  private static final double JIT_QUIET = 0.05;

  private final SuiteOptions options;
  private final PrintStream out;

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

  /** One run of the rate steps and the backlog, on a fresh Parley. */
  private record Run(List<StepResult> steps, int backlogEvents, double backlogMs, int directBacklogEvents,
      double directBacklogMs) {}

  void run() throws Exception {
    long began = System.nanoTime();
    out.printf("Parley benchmark suite: %d run(s); %s; %d node sessions, TLS %s%s; %d cores, Java %s%s%n", options.runs(),
        options.capacityOnly() ? "capacity only" : String.format("%d users, rates %s msg/s after %.0f to %.0f s of warm-up,"
            + " %.0f s per step after %.0f s ramp-up, %d-byte messages, backlog %d", options.users(),
            Arrays.toString(options.rates()), options.warmUpSeconds(), options.warmUpMaxSeconds(), options.seconds(),
            options.rampUpSeconds(), options.size(), options.backlog()),
        options.sessions(), String.join(",", options.tls()), options.direct() ? "" : ", no direct path",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        options.parleyJvmOptions().isEmpty() ? "" : "; Parley's JVM options: " + String.join(" ", options.parleyJvmOptions()));
    if (!options.sessionSettings().isEmpty()) {
      out.println("Parley's session settings: " + options.sessionSettings().encode());
    }
    if (options.eventLoops() != null) {
      out.println("Parley's event loops: " + options.eventLoops());
    }
    ProsodyServer prosody = new ProsodyServer().start();
    ProsodyServer secure = options.tls().stream().anyMatch(t -> t.startsWith("on")) ? ProsodyServer.withTls().start() : null;
    List<Run> runs = new ArrayList<>();
    // Per TLS mode ("off", "on"), each run's result.
    Map<String, List<NodeCapacity.Result>> capacities = new LinkedHashMap<>();
    Map<String, List<NodeCapacity.Result>> directCapacities = new LinkedHashMap<>();
    try {
      if (!options.capacityOnly()) {
        List<String> parleyJids = accounts(prosody, "pu", options.users());
        List<String> directJids = accounts(prosody, "du", options.users());
        for (int r = 1; r <= options.runs(); r++) {
          out.printf("run %d of %d%n", r, options.runs());
          runs.add(runOnce(prosody, parleyJids, directJids, r));
        }
      }
      if (options.tls().contains("off")) {
        accounts(prosody, "cap", NodeCapacity.accounts(options.sessions()));
      }
      if (secure != null) {
        accounts(secure, "cap", NodeCapacity.accounts(options.sessions()));
      }
      // Run by run, the TLS modes in turn, so that a comparison of two meets the same machine.
      for (int r = 1; r <= options.runs(); r++) {
        for (String tls : options.tls()) {
          ProsodyServer server = tls.startsWith("on") ? secure : prosody;
          // "on-jdk": the node on the JDK's TLS engine instead of its default (BoringSSL); no direct run, Smack's is the JDK's anyway.
          String engine = tls.equals("on-jdk") ? "jdk" : "openssl";
          for (boolean direct : options.direct() && !tls.equals("on-jdk") ? List.of(false, true) : List.of(false)) {
            String name = (direct ? "direct-capacity-" : "node-capacity-") + (tls.equals("off") ? "" : tls.replace("on", "tls") + "-") + r;
            // At least 50 logins a second, or the storm is cut short (it then counts the sessions it got).
            long timeout = Math.max(600, options.sessions() / 50);
            NodeCapacity.Result c = NodeCapacity.inChildJvm(server, direct, "cap", options.sessions(), PASSWORD,
                timeout, options.out().resolve(name + ".log"), flightRecording(name), engine);
            out.printf("  %s, TLS %s, run %d: %d of %d sessions, login storm %.0f/s (CPU ms per login: this JVM %.1f,"
                + " Prosody %.1f), again after closing all: %d at %.0f/s (%.1f, %.1f); per session heap %.1f KiB, RSS"
                + " %.1f KiB, threads %.2f; threads: %d before, %d with %d sessions, %d with %d; one key derivation"
                + " %.2f ms CPU; Prosody's RSS with the sessions %.0f MiB%n", direct ? "direct" : "node", tls, r,
                c.connected(), c.asked(), c.login().perSecond(), c.login().cpuMsPerLogin(),
                c.login().prosodyCpuMsPerLogin(), c.relogin().sessions(), c.relogin().perSecond(),
                c.relogin().cpuMsPerLogin(), c.relogin().prosodyCpuMsPerLogin(), c.heapPerSessionKiB(),
                c.rssPerSessionKiB(), c.threadsPerSession(), c.threads().before(), c.threads().early(),
                c.threads().earlySessions(), c.threads().held(), c.connected(), c.derivationMs(), c.prosodyRssMiB());
            out.printf("    CPU by thread in the login storm: %s; in the reconnect storm: %s; CPU ms per login of the JIT"
                + " compiler: %.1f, %.1f%n", CpuMeter.topThreads(c.login().threads(), 6),
                CpuMeter.topThreads(c.relogin().threads(), 6), c.login().compilerMsPerLogin(), c.relogin().compilerMsPerLogin());
            (direct ? directCapacities : capacities).computeIfAbsent(tls, t -> new ArrayList<>()).add(c);
          }
        }
      }
    } finally {
      prosody.stop();
      if (secure != null) {
        secure.stop();
      }
    }
    List<StepResult> medians = print(runs, capacities, directCapacities, (System.nanoTime() - began) / 1e9);
    if (!runs.isEmpty()) {
      out.println("chart: " + LatencyChart.write(medians, options.out()));
    }
    out.println("chart: " + ComparisonChart.write(comparison(runs, capacities, directCapacities),
        options.out().resolve("suite-comparison.png")));
  }

  private Run runOnce(ProsodyServer prosody, List<String> parleyJids, List<String> directJids, int run)
      throws Exception {
    List<StepResult> steps = new ArrayList<>();
    Path config = Files.createDirectories(options.out()).resolve("parley-config.json");
    JsonObject parleyConfig = parleyConfig();
    String databaseUrl = parleyConfig.getJsonObject("db").getString("url");
    Files.writeString(config, parleyConfig.encodePrettily());
    List<String> parleyJvm = new ArrayList<>(options.parleyJvmOptions());
    parleyJvm.addAll(flightRecording("parley-" + run));
    try (ChildJvm parley = ChildJvm.start(ParleyServer.class, parleyJvm,
        List.of(config.toString()), ParleyServer.MARKER,
        options.out().resolve("parley-" + run + ".log"))) {
      int webPort = Integer.parseInt(parley.awaitAnnouncement(180));
      CpuMeter cpu = new CpuMeter(parley.pid(), prosody.pid());
      Vertx browsers = Vertx.vertx();
      LoadRunner runner = new LoadRunner();
      try (BrowserPath viaParley = new BrowserPath(browsers, webPort, prosody.port(), parleyJids, PASSWORD, runner);
           DirectPath direct = new DirectPath(prosody.domain(), prosody.port(), directJids, PASSWORD, runner)) {
        if (options.warmUpSeconds() > 0) {
          warmUp(viaParley, runner, cpu);
          runner.run(direct, options.rates()[0], options.warmUpSeconds(), 0, options.size(), cpu);
          // A database that has been running is analyzed by autovacuum; this fresh one may not be yet, and
          // the plans Parley's connections made on its empty tables (a scan of the whole table, as they
          // were then) stay until it is: the steps measure the plans of a database that has run a while.
          onDatabase(databaseUrl, "analyze");
        }
        for (int rate : options.rates()) {
          // The two paths take turns at each rate, so both meet the same machine.
          for (ChatPath path : List.of(viaParley, direct)) {
            StepResult step = runner.run(path, rate, options.seconds(), options.rampUpSeconds(), options.size(), cpu);
            steps.add(step);
            out.printf("  %-6s %5d msg/s: sent %d, received %d, median %.2f ms, p99 %.2f ms, p99.9 %.2f ms%s;"
                + " CPU µs/message: %s%n", step.path(), rate, step.sent(), step.received(), step.median(), step.p99(),
                step.p999(), step.refused() > 0 ? ", refused " + step.refused() : "", cpuPerMessage(step));
            if (path == viaParley) {
              out.println("         Parley's busiest threads: " + CpuMeter.topThreads(step.cpu(), 6));
              if (step.refused() > 0) {
                out.println("         refusals so far in this run, by reason: " + viaParley.refusedByReason());
              }
            }
          }
        }
        double[] backlog = backlog(viaParley, direct);
        double[] directBacklog = directBacklog(direct);
        return new Run(steps, (int) backlog[0], backlog[1], (int) directBacklog[0], directBacklog[1]);
      } finally {
        browsers.close().await();
      }
    }
  }

  /**
   * Parley's path at the first rate for the warm-up time, then again for as long while its JIT
   * compiler's threads took more than {@link #JIT_QUIET} of Parley's CPU, up to the longest warm-up: a
   * fresh JVM on two cores compiles the message path for minutes (measured: after 30 s its compiler
   * still took 12-56 % of Parley's CPU in the steps), and a step measured before it is done measures the
   * compiler, not the cost of a message in a server that has run a while.
   */
  private void warmUp(ChatPath parley, LoadRunner runner, CpuMeter cpu) throws Exception {
    double warmed = 0;
    StepResult round;
    do {
      round = runner.run(parley, options.rates()[0], options.warmUpSeconds(), 0, options.size(), cpu);
      warmed += options.warmUpSeconds();
    } while (round.jitShare() > JIT_QUIET && warmed + options.warmUpSeconds() <= options.warmUpMaxSeconds());
    out.printf("  warm-up: Parley %.0f s at %d msg/s; its JIT compiler took %.0f %% of its CPU in the last %.0f s%n",
        warmed, options.rates()[0], round.jitShare() * 100, options.warmUpSeconds());
  }

  /** With {@code --profile}, the JVM option that records it with Java Flight Recorder into {@code name.jfr}. */
  private List<String> flightRecording(String name) {
    return options.profile()
        ? List.of("-XX:StartFlightRecording=settings=profile,filename=" + options.out().resolve(name + ".jfr").toAbsolutePath())
        : List.of();
  }

  private static String cpuPerMessage(StepResult step) {
    StringBuilder s = new StringBuilder();
    for (String part : CPU_PARTS) {
      s.append(s.length() == 0 ? "" : ", ").append(part).append(' ')
          .append(String.format("%.0f", step.cpuMicrosPerMessage(part)));
    }
    return s.toString();
  }

  /** Prosody accounts prefix0…prefixN-1, written straight into its storage. */
  private static List<String> accounts(ProsodyServer prosody, String prefix, int count) {
    IntStream.range(0, count).parallel().forEach(i -> ProsodyAccounts.create(prosody, prefix + i, PASSWORD));
    return IntStream.range(0, count).mapToObj(i -> prosody.jid(prefix + i)).toList();
  }

  /**
   * User 0 closes its page; somebody on the XMPP network (direct user 1) sends it the backlog; after the session has stored it, user 0
   * opens a socket again and attaches from its last event: the time from opening the socket to the
   * attach reply with the backlog. Returns the number of message events the reply carried and the milliseconds.
   */
  private double[] backlog(BrowserPath parley, DirectPath peers) throws Exception {
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
    return new double[] {messages, ms};
  }

  /**
   * The same on the direct path: user 0 signs off, user 1 sends it the backlog, which Prosody keeps
   * (offline storage); user 0 signs on again: the time from starting to connect to the last message.
   */
  private double[] directBacklog(DirectPath peers) throws Exception {
    peers.signOff(0);
    for (int i = 0; i < options.backlog(); i++) {
      peers.sendTo(1, peers.jid(0), "backlog " + i);
      Thread.sleep(1);
    }
    Thread.sleep(Math.max(3_000, options.backlog() * 5L));
    long start = System.nanoTime();
    int arrived = peers.signOnAndAwait(0, options.backlog(), 60);
    double ms = (System.nanoTime() - start) / 1e6;
    out.printf("  direct backlog: %d of %d messages after %.1f ms (sign-on, SASL included)%n", arrived,
        options.backlog(), ms);
    return new double[] {arrived, ms};
  }

  private JsonObject parleyConfig() throws SQLException {
    // Bench users send far above the per-socket command limit that protects a real server; and the
    // free plan's quota would stop them, so everybody is on the unlimited plan.
    JsonObject config = WebStack.config();
    config.getJsonObject("session").mergeIn(options.sessionSettings());
    if (options.eventLoops() != null) {
      config.put("vertx", new JsonObject().put("eventLoops", options.eventLoops()));
    }
    if (options.asyncCommit()) {
      // Diagnostic only: no commit waits for its WAL flush, to measure how much of Parley's added
      // latency is the history row's durable commit.
      String url = config.getJsonObject("db").getString("url");
      onDatabase(url, "alter database " + URI.create(url).getPath().substring(1) + " set synchronous_commit = off");
      out.println("diagnostic: synchronous_commit = off for Parley's database (history commits do not wait for the WAL flush)");
    }
    return config
        .put("web", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("commandsPerSecond", 100_000.0)
            .put("commandBurst", 100_000.0))
        .put("billing", new JsonObject().put("currency", "EUR").put("defaultPlan", "unlimited")
            .put("plans", new JsonObject().put("unlimited", new JsonObject().put("type", "unlimited"))));
  }

  /** Runs one statement on Parley's database ({@code url} as in its configuration). */
  private static void onDatabase(String url, String sql) throws SQLException {
    URI uri = URI.create(url);
    String[] credentials = uri.getUserInfo().split(":", 2);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
        + uri.getPath(), credentials[0], credentials.length > 1 ? credentials[1] : "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Prints the medians over the runs (each run's values in brackets) and returns the median steps. */
  private List<StepResult> print(List<Run> runs, Map<String, List<NodeCapacity.Result>> capacities,
      Map<String, List<NodeCapacity.Result>> directCapacities, double seconds) {
    List<StepResult> medians = new ArrayList<>();
    if (!runs.isEmpty()) {
      medians = printRates(runs);
    }
    capacities.forEach((tls, c) -> printCapacity("XMPP node (own JVM), TLS " + tls, c));
    directCapacities.forEach((tls, c) -> printCapacity("direct: plain Smack clients (own JVM), TLS " + tls, c));
    out.printf("suite took %.0f s%n", seconds);
    return medians;
  }

  /** The latency table, the knees and the backlog; returns the median steps. */
  private List<StepResult> printRates(List<Run> runs) {
    List<StepResult> medians = new ArrayList<>();
    for (int i = 0; i < runs.get(0).steps().size(); i++) {
      int step = i;
      medians.add(StepResult.medianOf(runs.stream().map(r -> r.steps().get(step)).toList()));
    }
    out.println();
    out.printf("## %s: end-to-end latency, sender to receiver (ms), median of %d run(s) (the runs)%n", TABLE_TITLE,
        runs.size());
    out.println("| msg/s | path | median | p99 | p99.9 | added median | added p99 | ratio median | refused |"
        + " CPU µs/msg: Parley | Prosody | PostgreSQL | driver | of Parley's, its JIT compiler |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int i = 0; i + 1 < medians.size(); i += 2) {
      StepResult p = medians.get(i);
      StepResult d = medians.get(i + 1);
      for (StepResult m : List.of(p, d)) {
        int step = m == p ? i : i + 1;
        boolean parley = m == p;
        out.printf("| %d | %s | %.2f (%s) | %.2f (%s) | %.2f | %s | %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %s |%n",
            m.rate(), m.path(), m.median(), each(runs, step, StepResult::median), m.p99(), each(runs, step, StepResult::p99),
            m.p999(), parley ? String.format("%+.2f", p.median() - d.median()) : "",
            parley ? String.format("%+.2f", p.p99() - d.p99()) : "",
            parley ? String.format("%.1f×", p.median() / d.median()) : "", m.refused(),
            m.cpuMicrosPerMessage("Parley"), m.cpuMicrosPerMessage("Prosody"), m.cpuMicrosPerMessage("PostgreSQL"),
            m.cpuMicrosPerMessage("driver"), parley ? String.format("%.0f", m.jitMicrosPerMessage()) : "");
      }
    }
    for (String path : List.of("Parley", "direct")) {
      out.printf("sustained before latency climbs, %s: %s msg/s (runs: %s)%n", path,
          median(runs, r -> kneeRate(r.steps(), path)),
          String.join(" · ", runs.stream().map(r -> knee(r.steps(), path)).toList()));
    }
    out.printf("backlog: %.0f messages reached the re-attaching browser in %.1f ms (median; runs: %s);"
        + " direct: %.0f messages reached the signing-on client in %.1f ms (runs: %s)%n",
        median(runs, Run::backlogEvents), median(runs, Run::backlogMs),
        each(runs, r -> r.backlogMs(), "%.1f"),
        median(runs, Run::directBacklogEvents), median(runs, Run::directBacklogMs),
        each(runs, r -> r.directBacklogMs(), "%.1f"));
    return medians;
  }

  /** The medians that are one figure per path, for the comparison chart. */
  private List<ComparisonChart.Figure> comparison(List<Run> runs, Map<String, List<NodeCapacity.Result>> nodes,
      Map<String, List<NodeCapacity.Result>> directs) {
    List<ComparisonChart.Figure> figures = new ArrayList<>();
    if (!runs.isEmpty()) {
      figures.add(new ComparisonChart.Figure("Sustained before latency climbs", "messages/s",
          median(runs, r -> kneeRate(r.steps(), "Parley")), median(runs, r -> kneeRate(r.steps(), "direct"))));
      figures.add(new ComparisonChart.Figure("Backlog of " + options.backlog() + " to the returning user", "ms",
          median(runs, Run::backlogMs), median(runs, Run::directBacklogMs)));
    }
    for (String tls : options.tls()) {
      List<NodeCapacity.Result> node = nodes.getOrDefault(tls, List.of());
      List<NodeCapacity.Result> direct = directs.getOrDefault(tls, List.of());
      String t = ", TLS " + tls;
      figures.addAll(List.of(
          sideBySide(options.sessions() + " sessions: held" + t, "sessions", node, direct, NodeCapacity.Result::connected),
          sideBySide("Login storm (SASL included)" + t, "sessions/s", node, direct, c -> c.login().perSecond()),
          sideBySide("Reconnect storm (all again at once)" + t, "sessions/s", node, direct, c -> c.relogin().perSecond()),
          sideBySide("Heap per idle session" + t, "KiB", node, direct, NodeCapacity.Result::heapPerSessionKiB),
          sideBySide("Threads per session" + t, "threads", node, direct, NodeCapacity.Result::threadsPerSession)));
    }
    return figures;
  }

  private static ComparisonChart.Figure sideBySide(String title, String unit, List<NodeCapacity.Result> node,
      List<NodeCapacity.Result> direct, ToDoubleFunction<NodeCapacity.Result> figure) {
    return new ComparisonChart.Figure(title, unit, median(node, figure), median(direct, figure));
  }

  /** One line of medians for the sessions held and their cost, then the last run's threads and heap histogram. */
  private void printCapacity(String label, List<NodeCapacity.Result> capacities) {
    out.printf("%s, median of %d run(s): %.0f of %d sessions held; login storm %.0f sessions/s"
        + " (SASL SCRAM-SHA-1 included; runs: %s), CPU ms per login: its JVM %.1f, Prosody %.1f; reconnect storm"
        + " %.0f sessions/s (runs: %s), CPU ms per login: its JVM %.1f, Prosody %.1f; per session: heap %.1f"
        + " KiB (runs: %s), RSS %.1f KiB (runs: %s), threads %.2f; live threads %.0f before, %.0f with %.0f sessions,"
        + " %.0f with all held; one SCRAM-SHA-1 key derivation %.2f ms CPU in that JVM; Prosody's RSS with the"
        + " sessions held %.0f MiB; login storm without the derivation: its JVM %.1f ms per login, %.2f of Prosody's;"
        + " without the derivation and the JIT compiler's threads: %.1f ms, %.2f of Prosody's (JIT %.1f ms per login;"
        + " reconnect storm without it %.1f ms, %.2f of Prosody's)%n",
        label, capacities.size(),
        median(capacities, NodeCapacity.Result::connected), options.sessions(),
        median(capacities, c -> c.login().perSecond()),
        each(capacities, c -> c.login().perSecond(), "%.0f"),
        median(capacities, c -> c.login().cpuMsPerLogin()),
        median(capacities, c -> c.login().prosodyCpuMsPerLogin()),
        median(capacities, c -> c.relogin().perSecond()),
        each(capacities, c -> c.relogin().perSecond(), "%.0f"),
        median(capacities, c -> c.relogin().cpuMsPerLogin()),
        median(capacities, c -> c.relogin().prosodyCpuMsPerLogin()),
        median(capacities, NodeCapacity.Result::heapPerSessionKiB),
        each(capacities, c -> c.heapPerSessionKiB(), "%.1f"),
        median(capacities, NodeCapacity.Result::rssPerSessionKiB),
        each(capacities, c -> c.rssPerSessionKiB(), "%.1f"),
        median(capacities, NodeCapacity.Result::threadsPerSession),
        median(capacities, c -> c.threads().before()), median(capacities, c -> c.threads().early()),
        median(capacities, c -> c.threads().earlySessions()), median(capacities, c -> c.threads().held()),
        median(capacities, NodeCapacity.Result::derivationMs), median(capacities, NodeCapacity.Result::prosodyRssMiB),
        median(capacities, c -> c.login().cpuMsPerLogin() - c.derivationMs()),
        median(capacities, c -> (c.login().cpuMsPerLogin() - c.derivationMs()) / c.login().prosodyCpuMsPerLogin()),
        median(capacities, c -> c.login().cpuMsPerLogin() - c.derivationMs() - c.login().compilerMsPerLogin()),
        median(capacities, c -> (c.login().cpuMsPerLogin() - c.derivationMs() - c.login().compilerMsPerLogin())
            / c.login().prosodyCpuMsPerLogin()),
        median(capacities, c -> c.login().compilerMsPerLogin()),
        median(capacities, c -> c.relogin().cpuMsPerLogin() - c.relogin().compilerMsPerLogin()),
        median(capacities, c -> (c.relogin().cpuMsPerLogin() - c.relogin().compilerMsPerLogin())
            / c.relogin().prosodyCpuMsPerLogin()));
    NodeCapacity.Result last = capacities.get(capacities.size() - 1);
    out.println("  threads by name with sessions held (last run, largest groups):");
    last.threadsByName().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
        .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    out.println("  heap histogram with sessions held (last run):");
    out.println(last.histogram());
  }

  private static String each(List<Run> runs, int step, ToDoubleFunction<StepResult> figure) {
    return each(runs, r -> figure.applyAsDouble(r.steps().get(step)), "%.2f");
  }

  /** Each run's figure, formatted, in run order: what the tables show in brackets. */
  private static <T> String each(List<T> runs, ToDoubleFunction<T> figure, String format) {
    return String.join(" · ", runs.stream().map(r -> String.format(format, figure.applyAsDouble(r))).toList());
  }

  static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
    return median(runs.stream().mapToDouble(figure));
  }

  static double median(DoubleStream values) {
    double[] sorted = values.sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The knee as a number: the highest rate kept up, 0 when not even the lowest was. */
  private static double kneeRate(List<StepResult> steps, String path) {
    String knee = knee(steps, path);
    return knee.startsWith("below") || knee.equals("-") ? 0 : Double.parseDouble(knee.split(" ")[0]);
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
