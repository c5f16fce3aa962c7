package parley.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.contract.SessionRequest;
import parley.contract.browser.AccountAdd;
import parley.contract.browser.AccountReply;
import parley.contract.browser.SearchLanguageSet;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.nodekit.NetworkAdvertiser;
import parley.oscar.OscarNetwork;
import parley.session.SessionVerticle;
import parley.xmpp.XmppNetwork;

/**
 * History search latency for one user with many stored messages ({@code history.search} through
 * the real session verticle and its PostgreSQL, on the local event bus, one query at a time).
 * Generates the history with {@code generate_series}: the user's messages over 3 accounts (2 XMPP,
 * 1 AIM) and 300 contacts, one a minute back over about two years, plus other users' messages in
 * the same table; texts of 3 to 15 words drawn from a vocabulary with Zipf-like frequencies (a few
 * very common words, a long tail of rare ones, some with accents), the other users' messages
 * between the user's. The search index is dropped for the load and built again after it (same
 * definition as migration V9; each row's words come from V9's trigger), which is timed too.
 *
 * <p>{@code PARLEY_BENCH_DB_URL} names a PostgreSQL server; a database is created on it and dropped
 * afterwards (kept, to look at query plans, with {@code PARLEY_BENCH_KEEP_DB=1}). Arguments: messages of the user (1,000,000), queries (300), other users' messages
 * (200,000). {@code PARLEY_BENCH_SEARCH_LANGUAGE} (e.g. {@code english}): the user picks that search
 * language ({@code search.language.set}) before the history is stored, so every message of theirs is
 * indexed in it too, and every query also matches stems.
 */
public final class SearchBenchmark {
  private static final int VOCABULARY = 20_000;
  private static final int PEERS = 300;
  private static final int OTHER_USERS = 20;
  private static final String[] COMMON = ("the to and you a i it is of that in we for on have be with this "
      + "are not but so what at can just do was my me if your all get about like know will there one out up "
      + "no they good time now how see think today tomorrow meeting call later thanks yes ok lunch work home "
      + "der die und ich nicht ist morgen heute danke gut que el la de y en mañana gracias hola bien "
      + "le la et je pas est demain merci très été").split(" ");
  private static final String[] SYLLABLES = ("ka ri to me su na lo pe vi da zu ne mo ta li ga ro be fi ko "
      + "ha ju sa te wo yu ma ni po ra").split(" ");

  private final URI server;
  private final int messages;
  private final int queries;
  private final int otherMessages;

  private SearchBenchmark(URI server, int messages, int queries, int otherMessages) {
    this.server = server;
    this.messages = messages;
    this.queries = queries;
    this.otherMessages = otherMessages;
  }

  public static void main(String[] args) throws Exception {
    ClusterBoot.routeJulToSlf4j();
    String url = System.getenv().getOrDefault("PARLEY_BENCH_DB_URL", "postgresql://postgres:postgres@127.0.0.1:55432/postgres");
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int others = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    new SearchBenchmark(URI.create(url), messages, queries, others).run();
    System.exit(0);
  }

  /** The vocabulary by rank: common words first, then made-up words of 2 to 4 syllables. */
  static List<String> vocabulary() {
    List<String> words = new ArrayList<>(List.of(COMMON));
    Random random = new Random(42);
    java.util.Set<String> seen = new java.util.HashSet<>(words);
    while (words.size() < VOCABULARY) {
      StringBuilder w = new StringBuilder();
      int syllables = 2 + random.nextInt(3);
      for (int i = 0; i < syllables; i++) {
        w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      if (random.nextInt(20) == 0) {
        w.append('é');
      }
      if (seen.add(w.toString())) {
        words.add(w.toString());
      }
    }
    return words;
  }

  private void run() throws Exception {
    String[] credentials = server.getUserInfo().split(":", 2);
    String user = credentials[0];
    String password = credentials.length > 1 ? credentials[1] : "";
    // PARLEY_BENCH_REUSE_DB: measure again on a database a run kept (PARLEY_BENCH_KEEP_DB), without loading.
    String reuse = System.getenv("PARLEY_BENCH_REUSE_DB");
    String database = reuse != null ? reuse : "parley_bench_" + UUID.randomUUID().toString().replace("-", "");
    String admin = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + server.getPath();
    if (reuse == null) {
      execute(admin, user, password, "create database " + database);
    }
    String jdbcUrl = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
    Vertx vertx = Vertx.vertx();
    try {
      // No protocol node runs here: their descriptors are advertised as the nodes would, so accounts can be added.
      new NetworkAdvertiser(vertx, XmppNetwork.DESCRIPTOR).start();
      new NetworkAdvertiser(vertx, OscarNetwork.DESCRIPTOR).start();
      vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config(database))).await();
      String alice;
      List<String> accounts = new ArrayList<>();
      List<String> words = vocabulary();
      if (reuse != null) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
          var rs = s.executeQuery("select u.id, a.id from session.users u join session.im_accounts a on a.user_id = u.id"
              + " where u.username = 'alice' order by a.created_at");
          alice = null;
          while (rs.next()) {
            alice = rs.getString(1);
            accounts.add(rs.getString(2));
          }
        }
      } else {
        alice = signUp(vertx, "alice");
        String language = System.getenv("PARLEY_BENCH_SEARCH_LANGUAGE");
        if (language != null) {
          vertx.eventBus().request(Addresses.BROWSER_COMMANDS, new SearchLanguageSet(language).toJson()
              .put("type", BrowserCommand.SEARCH_LANGUAGE_SET), new DeliveryOptions().addHeader(Headers.USER_ID, alice)).await();
          System.out.println("search language of alice: " + language);
        }
        accounts.addAll(List.of(addAccount(vertx, alice, "xmpp", "alice@example.org"),
            addAccount(vertx, alice, "xmpp", "alice@work.example.com"), addAccount(vertx, alice, "oscar", "AliceAim")));
        List<String[]> others = new ArrayList<>();
        for (int i = 0; i < OTHER_USERS; i++) {
          String id = signUp(vertx, "user" + i);
          others.add(new String[] {id, addAccount(vertx, id, "xmpp", "user" + i + "@example.org")});
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
          load(c, alice, accounts, others, words);
        }
      }
      measure(vertx, alice, accounts, words);
    } finally {
      vertx.close().await();
      if (System.getenv("PARLEY_BENCH_KEEP_DB") == null && reuse == null) {
        execute(admin, user, password, "drop database if exists " + database);
      } else {
        System.out.println("kept database " + database);
      }
    }
  }

  private void load(Connection c, String alice, List<String> accounts, List<String[]> others, List<String> words)
      throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("drop index session.messages_search");
    }
    // Texts: 3 to 15 words, word rank log-uniform over the vocabulary (Zipf-like: rank r about 1/r).
    String insert = """
        insert into session.messages (user_id, account_id, peer, direction, body, sent_at)
        select ?::uuid, (?::uuid[])[1 + g %% 3],
          case when g %% 3 = 2 then 'buddy' || (g * 7 %% %1$d) else 'contact' || (g * 7 %% %1$d) || '@example.org' end,
          case when random() < 0.5 then 'in' else 'out' end,
          array_to_string(array(select w.words[floor(exp(random() * ln(w.n)))::int]
                                from generate_series(1, 3 + g %% 13) as n(k)), ' '),
          now() - (? - g) * interval '1 minute'
        from generate_series(?::int, ?::int) as g, (select ?::text[] as words, ? as n) as w
        """.formatted(PEERS);
    long start = System.nanoTime();
    try (PreparedStatement p = c.prepareStatement(insert)) {
      // In chunks, the other users' messages between the user's, as they arrive in a real table.
      int chunk = 10_000;
      int chunks = (messages + chunk - 1) / chunk;
      int each = otherMessages / others.size();
      for (int k = 0; k < chunks; k++) {
        int from = k * chunk;
        fill(c, p, alice, accounts.toArray(String[]::new), messages, from, Math.min(messages, from + chunk) - 1, words);
        for (String[] other : others) {
          int oFrom = (int) ((long) each * k / chunks);
          int oTo = (int) ((long) each * (k + 1) / chunks) - 1;
          if (oTo >= oFrom) {
            fill(c, p, other[0], new String[] {other[1], other[1], other[1]}, each, oFrom, oTo, words);
          }
        }
        if ((k + 1) % 10 == 0 || k == chunks - 1) {
          System.out.printf(Locale.ROOT, "%,d messages of alice stored, with others' between (%.0f s)%n",
              Math.min(messages, from + chunk), (System.nanoTime() - start) / 1e9);
        }
      }
    }
    long index = System.nanoTime();
    try (Statement s = c.createStatement()) {
      // As migration V9 builds it (concurrently; here nothing else writes).
      s.execute("create index concurrently messages_search on session.messages using gin (search)");
      System.out.printf(Locale.ROOT, "search index built over %,d messages in %.1f s%n", messages + otherMessages,
          (System.nanoTime() - index) / 1e9);
      s.execute("vacuum analyze session.messages");
      var size = s.executeQuery("select pg_relation_size('session.messages_search'), pg_relation_size('session.messages')");
      size.next();
      System.out.printf(Locale.ROOT, "search index %,d MB, messages table %,d MB%n", size.getLong(1) >> 20, size.getLong(2) >> 20);
    }
  }

  private static void fill(Connection c, PreparedStatement p, String userId, String[] accounts, int total, int from, int to,
                           List<String> words) throws Exception {
    p.setString(1, userId);
    p.setArray(2, c.createArrayOf("uuid", accounts));
    p.setInt(3, total);
    p.setInt(4, from);
    p.setInt(5, to);
    p.setArray(6, c.createArrayOf("text", words.toArray()));
    p.setInt(7, words.size());
    p.executeUpdate();
  }

  /** Queries of several kinds, round-robin, one at a time; prints p50/p95/p99 overall and per kind. */
  private void measure(Vertx vertx, String alice, List<String> accounts, List<String> words) {
    Random random = new Random(7);
    Map<String, java.util.function.Supplier<JsonObject>> kinds = new LinkedHashMap<>();
    kinds.put("common word (rank 1-30)", () -> q(words.get(random.nextInt(30))));
    kinds.put("middle word (rank 100-2000)", () -> q(words.get(100 + random.nextInt(1900))));
    kinds.put("rare word (rank 5000-20000)", () -> q(words.get(5000 + random.nextInt(15000))));
    kinds.put("two words (common + middle)", () -> q(words.get(random.nextInt(30)) + " " + words.get(100 + random.nextInt(1900))));
    kinds.put("prefix (3-4 letters of a middle word)", () -> {
      String w = words.get(100 + random.nextInt(1900));
      return q(w.substring(0, Math.min(w.length(), 3 + random.nextInt(2))));
    });
    kinds.put("middle word, AIM only (network)", () -> q(words.get(100 + random.nextInt(1900))).put("network", "oscar"));
    kinds.put("common word, one contact", () -> q(words.get(random.nextInt(30))).put("accountId", accounts.get(0))
        .put("peer", "contact" + (3 * random.nextInt(PEERS / 3)) + "@example.org"));
    kinds.put("middle word, last 30 days", () -> q(words.get(100 + random.nextInt(1900)))
        .put("from", System.currentTimeMillis() - 30L * 86_400_000));
    kinds.put("common word, second page", () -> {
      JsonObject first = search(vertx, alice, q(words.get(random.nextInt(30))), null);
      var results = first.getJsonArray("results");
      return q(first.getString("text")).put("before", results.isEmpty() ? Long.MAX_VALUE
          : results.getJsonObject(results.size() - 1).getLong("id"));
    });

    List<String> names = new ArrayList<>(kinds.keySet());
    for (int i = 0; i < 30; i++) { // warm-up: plans, caches, JIT
      search(vertx, alice, kinds.get(names.get(i % names.size())).get(), null);
    }
    Latencies all = new Latencies();
    Map<String, Latencies> byKind = new LinkedHashMap<>();
    Map<String, long[]> found = new LinkedHashMap<>();
    for (int i = 0; i < queries; i++) {
      String kind = names.get(i % names.size());
      JsonObject query = kinds.get(kind).get();
      long[] t = new long[1];
      JsonObject reply = search(vertx, alice, query, t);
      all.record(t[0]);
      byKind.computeIfAbsent(kind, k -> new Latencies()).record(t[0]);
      long[] f = found.computeIfAbsent(kind, k -> new long[2]);
      f[0] += reply.getJsonArray("results").size();
      f[1]++;
    }
    System.out.printf(Locale.ROOT, "%n%,d messages of alice (+%,d of others), %d queries, 20 results a page%n",
        messages, otherMessages, queries);
    System.out.printf(Locale.ROOT, "ALL: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        all.millis(0.5), all.millis(0.95), all.millis(0.99), all.millis(1));
    for (var e : byKind.entrySet()) {
      long[] f = found.get(e.getKey());
      System.out.printf(Locale.ROOT, "  %-40s p50 %6.1f  p95 %6.1f  max %6.1f ms  (avg %.1f results)%n", e.getKey(),
          e.getValue().millis(0.5), e.getValue().millis(0.95), e.getValue().millis(1), (double) f[0] / f[1]);
    }
  }

  private static JsonObject q(String text) {
    return new JsonObject().put("text", text).put("limit", 20);
  }

  private static JsonObject search(Vertx vertx, String userId, JsonObject query, long[] nanos) {
    long start = System.nanoTime();
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS,
        query.copy().put("type", BrowserCommand.HISTORY_SEARCH), new DeliveryOptions().addHeader(Headers.USER_ID, userId))
        .await().body();
    if (nanos != null) {
      nanos[0] = System.nanoTime() - start;
    }
    return reply.put("text", query.getString("text"));
  }

  private static String signUp(Vertx vertx, String name) {
    return vertx.eventBus().<JsonObject>request(Addresses.SESSION_AUTH,
        new SignIn(SessionRequest.SIGN_UP, name, "bench-password", null).toJson())
        .map(m -> Identity.fromJson(m.body())).await().userId();
  }

  private static String addAccount(Vertx vertx, String userId, String network, String login) {
    JsonObject add = new AccountAdd(network, login, "im-secret", "127.0.0.1", 5222, "if-offered").toJson();
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.BROWSER_COMMANDS, add,
        new DeliveryOptions().addHeader(Headers.USER_ID, userId)).await().body();
    return AccountReply.fromJson(reply).account().id();
  }

  private JsonObject config(String database) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String dbUrl = "postgresql://" + server.getUserInfo() + "@" + server.getHost() + ":" + server.getPort() + "/" + database;
    return new JsonObject()
        .put("db", new JsonObject().put("url", dbUrl))
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key))
            .put("bcryptCost", 4).put("searchesPerMinute", 1e9));
  }

  private static void execute(String jdbcUrl, String user, String password, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
