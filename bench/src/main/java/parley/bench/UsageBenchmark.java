package parley.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.billing.BillingVerticle;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.SessionRequest;
import parley.contract.UsageKind;
import parley.contract.billing.UsageRecord;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.session.SessionVerticle;

/**
 * Pushes usage records through the real path (the session's outbox table, its relay, the event
 * bus, the billing verticle, PostgreSQL) and prints how many per second are accounted exactly
 * once, and the delay from a record's creation to the transaction that changes the balance.
 *
 * <p>Usage: {@code java -jar bench/target/parley-bench.jar [events] [users] [ratePerSecond]};
 * the PostgreSQL server is {@code PARLEY_BENCH_DB_URL} (a fresh database is created on it and
 * dropped after). Rate 0 writes everything at once (the throughput limit); a rate paces the
 * producer (the delay at that load). The bench writes the outbox itself, so the session's relay
 * finds the rows by its timer ({@code -Dbench.usageRetryMs}, 20) and sends batches of
 * {@code -Dbench.usageBatchSize} (2,000), up to {@code -Dbench.usageBatchesInFlight} (2) at once.
 */
public final class UsageBenchmark {
  private static final int CHUNK_MS = 10;

  private final URI server;
  private final int events;
  private final int users;
  private final int rate;
  private String jdbcUrl;
  /** What each PostgreSQL backend of the benchmark's database last ran, by pid (the last reading wins). */
  private final Map<Long, String> backendLabels = new java.util.HashMap<>();
  private String user;
  private String password;

  private UsageBenchmark(URI server, int events, int users, int rate) {
    this.server = server;
    this.events = events;
    this.users = users;
    this.rate = rate;
  }

  public static void main(String[] args) throws Exception {
    ClusterBoot.routeJulToSlf4j();
    String url = System.getenv().getOrDefault("PARLEY_BENCH_DB_URL", "postgresql://postgres:postgres@127.0.0.1:55432/postgres");
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    new UsageBenchmark(URI.create(url), events, users, rate).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String[] credentials = server.getUserInfo().split(":", 2);
    user = credentials[0];
    password = credentials.length > 1 ? credentials[1] : "";
    String database = "parley_bench_" + UUID.randomUUID().toString().replace("-", "");
    String admin = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + server.getPath();
    execute(admin, "create database " + database);
    jdbcUrl = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config(database))).await();
      vertx.deployVerticle(new BillingVerticle(), new DeploymentOptions().setConfig(config(database))).await();
      List<String> userIds = signUp(vertx);
      waitUntil("select count(*) from billing.users", users);
      produceAndMeasure(userIds);
    } finally {
      vertx.close().await();
      execute(admin, "drop database if exists " + database);
    }
  }

  private JsonObject config(String database) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String dbUrl = "postgresql://" + server.getUserInfo() + "@" + server.getHost() + ":" + server.getPort() + "/" + database;
    return new JsonObject()
        .put("db", new JsonObject().put("url", dbUrl))
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key))
            .put("bcryptCost", 4).put("usageRetryMs", Integer.getInteger("bench.usageRetryMs", 20))
            .put("usageBatchSize", Integer.getInteger("bench.usageBatchSize", 2000))
            .put("usageBatchesInFlight", Integer.getInteger("bench.usageBatchesInFlight", 2)))
        .put("billing", new JsonObject().put("currency", "EUR").put("defaultPlan", "prepaid").put("plans", new JsonObject()
            .put("prepaid", new JsonObject().put("type", "prepaid").put("prices", new JsonObject()
                .put("xmpp", new JsonObject().put("message-sent", 1).put("message-received", 1).put("online-minute", 1))))));
  }

  private List<String> signUp(Vertx vertx) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      ids.add(vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
          new SignIn(SessionRequest.SIGN_UP, "bench" + i, "bench-password", null).toJson())
          .map(m -> Identity.fromJson(m.body())).await().userId());
    }
    return ids;
  }

  /** Writes the records into the outbox as the session does, paced or all at once, then waits for billing. */
  private void produceAndMeasure(List<String> userIds) throws Exception {
    String account = UUID.randomUUID().toString();
    int chunk = rate > 0 ? Math.max(1, rate * CHUNK_MS / 1000) : 5_000;
    // When each record's outbox row committed (nanoTime), and when billing's counters showed it.
    long[] written = new long[events];
    BalanceWatch watch = new BalanceWatch(jdbcUrl, user, password);
    watch.start();
    Map<String, Double> cpuStart = cpuNow();
    long start = System.nanoTime();
    double produced;
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
         PreparedStatement insert = c.prepareStatement("insert into session.usage_outbox (id, record)"
             + " select i, r::jsonb from unnest(?::text[], ?::text[]) as t(i, r)")) {
      // Unpaced: every record in one transaction, so that billing meets the whole backlog at once
      // and the producer's own writing is not part of what is timed.
      c.setAutoCommit(rate > 0);
      int done = 0;
      while (done < events) {
        int n = Math.min(chunk, events - done);
        String[] ids = new String[n];
        String[] records = new String[n];
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
          int seq = done + i;
          ids[i] = UsageKind.messageId(seq);
          records[i] = new UsageRecord(ids[i], now, seq % 2 == 0 ? UsageKind.MESSAGE_SENT : UsageKind.MESSAGE_RECEIVED,
              42L, userIds.get(seq % userIds.size()), "xmpp", null, account).toJson().encode();
        }
        insert.setArray(1, c.createArrayOf("text", ids));
        insert.setArray(2, c.createArrayOf("text", records));
        insert.executeUpdate();
        java.util.Arrays.fill(written, done, done + n, System.nanoTime());
        done += n;
        if (rate > 0) {
          long due = start + (long) done * 1_000_000_000L / rate;
          long sleep = (due - System.nanoTime()) / 1_000_000;
          if (sleep > 0) {
            Thread.sleep(sleep);
          }
        }
      }
      if (rate == 0) {
        c.commit();
      }
      produced = (System.nanoTime() - start) / 1e9;
      if (rate == 0) {
        cpuStart = cpuNow();
        start = System.nanoTime();
        java.util.Arrays.fill(written, start);
      }
    }
    // The watch's cheap poll of the counters, not a count of usage_events (a scan that grows
    // with every record and took a good part of PostgreSQL while billing worked).
    watch.stopAfter(events);
    double seconds = (watch.lastPollNanos() - start) / 1e9;
    Map<String, Double> cpu = cpuUsed(cpuStart, cpuNow());
    report(produced, seconds);
    System.out.printf("CPU while accounting (s, wall %.1f s; per 1,000 records in ms): %s%n", seconds,
        cpu.entrySet().stream().filter(e -> e.getValue() >= 0.005).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .map(e -> String.format("%s %.2f (%.2f)", e.getKey(), e.getValue(), e.getValue() * 1e6 / events))
            .collect(java.util.stream.Collectors.joining(", ")));
    long[] delays = watch.delaysMs(written);
    long[] visible = sorted(delays, 0, delays.length);
    System.out.printf("record written -> balance visible (polled every %d ms): median %d ms, p99 %d ms, max %d ms%n",
        BalanceWatch.POLL_MS, visible[visible.length / 2], visible[(int) (visible.length * 0.99)], visible[visible.length - 1]);
    if (rate > 0) {
      // Records are written in order at the rate: each five seconds of the run is a range of them.
      List<String> windows = new ArrayList<>();
      for (int from = 0; from < events; from += rate * 5) {
        long[] window = sorted(delays, from, Math.min(events, from + rate * 5));
        windows.add(window[(int) (window.length * 0.99)] + " ms");
      }
      System.out.println("record written -> balance visible, p99 by 5 s of the run: " + String.join(" · ", windows));
    }
  }

  private void report(double produced, double seconds) throws Exception {
    long recorded = query("select count(*) from billing.usage_events");
    long counted = query("select coalesce(sum(count), 0)::bigint from billing.usage_daily");
    long charged = -query("select coalesce(sum(amount), 0)::bigint from billing.ledger where entry = 'usage'");
    waitUntil("select count(*) from session.usage_outbox", 0);
    long quarantined = query("select count(*) from billing.quarantine");
    boolean exactlyOnce = recorded == events && counted == events && charged == events && quarantined == 0;
    long median;
    long p99;
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select percentile_disc(0.5) within group (order by d), percentile_disc(0.99) within group"
             + " (order by d) from (select extract(epoch from (recorded_at - ts)) * 1000 as d from billing.usage_events) x")) {
      r.next();
      median = Math.round(r.getDouble(1));
      p99 = Math.round(r.getDouble(2));
    }
    System.out.printf("events=%d users=%d rate=%s produced-in=%.2fs accounted-in=%.2fs%n", events, users,
        rate > 0 ? rate + "/s" : "unpaced (timed from the backlog's commit)", produced, seconds);
    System.out.printf("accounted exactly once: %s (recorded %d, counted %d, charged %d, quarantined %d)%n",
        exactlyOnce ? "yes" : "NO", recorded, counted, charged, quarantined);
    System.out.printf("throughput: %.0f events/s%n", events / seconds);
    System.out.printf("event -> balance delay: median %d ms, p99 %d ms%n", median, p99);
    if (rate > 0) {
      System.out.println("event -> balance delay p99 by 5 s of the run (start-up apart from the steady state): " + p99By5s());
    }
  }

  private static long[] sorted(long[] values, int from, int to) {
    long[] part = java.util.Arrays.copyOfRange(values, from, to);
    java.util.Arrays.sort(part);
    return part;
  }

  private String p99By5s() throws SQLException {
    List<String> windows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select floor(extract(epoch from ts - (select min(ts) from billing.usage_events)) / 5)::int w,"
             + " percentile_disc(0.99) within group (order by extract(epoch from (recorded_at - ts)) * 1000)"
             + " from billing.usage_events group by w order by w")) {
      while (r.next()) {
        windows.add(Math.round(r.getDouble(2)) + " ms");
      }
    }
    return String.join(" · ", windows);
  }

  /**
   * CPU seconds so far: this JVM by thread group (the session's relay and billing share the event
   * loops), and this database's PostgreSQL backends by what they last ran (billing, the session's
   * outbox, or the benchmark's own connections). Linux /proc, this machine's PostgreSQL.
   */
  private Map<String, Double> cpuNow() throws SQLException {
    Map<String, Double> parts = new java.util.HashMap<>();
    CpuMeter.threadTicks(ProcessHandle.current().pid()).values()
        .forEach(t -> parts.merge("JVM " + t.group(), t.ticks() / 100.0, Double::sum));
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select pid, query from pg_stat_activity where datname = current_database()"
             + " and pid <> pg_backend_pid()")) {
      while (r.next()) {
        String query = String.valueOf(r.getString(2));
        String part = query.contains("coalesce(sum(count), 0)::bigint from billing.usage_daily") ? "PostgreSQL bench watch"
            : query.contains("session.") ? "PostgreSQL session" : query.contains("billing.") ? "PostgreSQL billing"
            : "PostgreSQL other";
        backendLabels.merge(r.getLong(1), part, (earlier, now) -> now.endsWith("other") ? earlier : now);
        parts.put("PostgreSQL backend #" + r.getLong(1), CpuMeter.cpuSeconds(r.getLong(1)));
      }
    }
    return parts;
  }

  /** Per-pid and per-thread CPU used between two {@link #cpuNow} readings, summed by label. */
  private Map<String, Double> cpuUsed(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> out = new java.util.HashMap<>();
    after.forEach((key, used) -> out.merge(key.startsWith("PostgreSQL backend #")
        ? backendLabels.get(Long.parseLong(key.substring("PostgreSQL backend #".length()))) : key,
        used - before.getOrDefault(key, 0.0), Double::sum));
    return out;
  }

  private void waitUntil(String countQuery, long expected) throws Exception {
    long end = System.currentTimeMillis() + 600_000;
    while (query(countQuery) != expected) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("gave up waiting for " + countQuery + " = " + expected);
      }
      Thread.sleep(20);
    }
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
