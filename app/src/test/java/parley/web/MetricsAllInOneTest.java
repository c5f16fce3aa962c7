package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.app.AllInOne;
import parley.contract.BrowserCommand;
import parley.contract.BrowserEvent;
import parley.web.testing.BridgeUser;
import parley.web.testing.ManagementPort;
import parley.web.testing.ManagementPort.Scrape;
import parley.web.testing.SmackPeer;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * An all-in-one Parley with Prosody, scraped over its management port as Prometheus scrapes it:
 * the metrics move as a user signs in, connects an IM account, fails another, chats and leaves.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsAllInOneTest {
  static final Path RULES = Path.of("..", "conf", "prometheus", "parley-rules.yml");

  private ProsodyServer prosody;
  private AllInOne.Running parley;
  private ManagementPort management;

  @BeforeEach
  void start() {
    prosody = new ProsodyServer();
    prosody.start();
    JsonObject config = WebStack.config()
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0));
    config.getJsonObject("session").put("metricsRefreshMs", 200);
    parley = AllInOne.start(config).await();
    management = new ManagementPort(parley.managementPort());
  }

  @AfterEach
  void stop() {
    if (parley != null) {
      parley.close().await();
    }
    prosody.stop();
  }

  @Test
  void metricsFollowSessionsAndMessages() throws Exception {
    prosody.createUser("mia", "mia-im-pw");
    prosody.createUser("mia-peer", "peer-pw");
    String jid = "mia@" + prosody.domain();
    String peerJid = "mia-peer@" + prosody.domain();

    Scrape before = management.scrape();
    // Vert.x's own metrics are there too: event bus, HTTP server, pools.
    assertTrue(before.has("vertx_eventbus_handlers"), before.families().keySet().toString());
    assertTrue(before.has("vertx_http_server_active_connections"), before.families().keySet().toString());
    assertEquals(0, before.value("parley_im_sessions", "network", "xmpp", "state", "connected"));
    assertEquals(0, before.value("parley_bridge_sockets"));

    try (BridgeUser user = BridgeUser.signUp(parley.vertx(), parley.webPort(), "mia");
         SmackPeer peer = new SmackPeer("mia-peer", "peer-pw", prosody.domain(), prosody.port())) {
      Scrape attached = management.scrape();
      assertEquals(1, attached.value("parley_bridge_sockets"));
      assertEquals(1, attached.value("parley_attached_users"));

      String accountId = user.addXmppAccount(jid, "mia-im-pw", prosody.port());
      user.request(new JsonObject().put("type", BrowserCommand.ACCOUNT_ADD).put("network", "xmpp")
          .put("login", peerJid).put("password", "not-the-password").put("host", "127.0.0.1")
          .put("port", prosody.port()).put("tls", "if-offered"));
      user.waitEvent(BrowserEvent.ACCOUNT_STATE, e -> "failed".equals(e.getString("state")), 30_000);
      Scrape connected = management.scrape();
      assertEquals(1, connected.value("parley_im_sessions", "network", "xmpp", "state", "connected"));
      // The failed account is not held by the node; its login is counted by its reason.
      assertEquals(1, connected.value("parley_im_sessions", "network", "xmpp"));
      assertEquals(1, connected.value("parley_logins_total", "network", "xmpp", "result", "connected"));
      assertEquals(1, connected.value("parley_logins_total", "network", "xmpp", "result", "im_auth_failed"));

      user.request(new JsonObject().put("type", BrowserCommand.MESSAGE_SEND)
          .put("accountId", accountId).put("to", peerJid).put("text", "hello, metrics"));
      assertEquals("hello, metrics", peer.next(15).getBody());
      peer.send(jid, "hello back");
      user.waitEvent(BrowserEvent.MESSAGE, e -> "in".equals(e.getJsonObject("message").getString("direction")), 15_000);
      Scrape chatted = management.scrape();
      assertEquals(1, chatted.value("parley_messages_total", "network", "xmpp", "direction", "out"));
      assertEquals(1, chatted.value("parley_messages_total", "network", "xmpp", "direction", "in"));
      // The session's message writes (the pending row, its "sent" mark, the received row) and their transactions.
      double writes = chatted.value("parley_message_writes_total");
      assertTrue(writes >= 3, "message writes " + writes);
      double batches = chatted.value("parley_message_write_batches_total");
      assertTrue(batches >= 1 && batches <= writes, "batches " + batches + " of " + writes + " writes");

      // A page that comes back with its stream position catches up from the session's window.
      JsonObject state = user.request(new JsonObject().put("type", BrowserCommand.ATTACH));
      user.request(new JsonObject().put("type", BrowserCommand.ATTACH)
          .put("stream", state.getString("stream")).put("since", state.getLong("seq") - 1));
      assertEquals(1, management.scrape().value("parley_stream_catchups_total", "result", "replayed"));

      // Billing counts the usage (the sign-up, the messages); the outbox empties again.
      awaitValue("billing records", () -> scrapeValue("parley_billing_records_total"), v -> v >= 2);
      awaitValue("outbox records", () -> scrapeValue("parley_usage_outbox_records"), v -> v == 0);
    }
    awaitValue("bridge sockets", () -> scrapeValue("parley_bridge_sockets"), v -> v == 0);
    Scrape after = management.scrape();
    assertEquals(0, after.value("parley_attached_users"));
    assertEquals(0, after.value("parley_storage_buffered"));
    assertEquals(0, after.value("parley_billing_quarantined_total"));
    assertTrue(after.has("parley_usage_outbox_oldest_seconds"), after.families().keySet().toString());

    // Every metric the shipped alert rules use is one this Parley exposes.
    Set<String> missing = new TreeSet<>(AlertRulesTest.metricNames(RULES));
    missing.removeAll(after.families().keySet());
    assertEquals(Set.of(), missing, "metrics the rules use that Parley does not expose");

    // And every metric the dashboard in docs/operations.md queries.
    Set<String> dashboard = dashboardMetricNames();
    assertTrue(dashboard.size() > 10, dashboard.toString());
    dashboard.removeIf(name -> after.has(name) || after.has(name.replaceAll("_(sum|count|bucket)$", "")));
    assertEquals(Set.of(), dashboard, "metrics the dashboard queries that Parley does not expose: " + after.families().keySet());
  }

  private static Set<String> dashboardMetricNames() throws java.io.IOException {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"), StandardCharsets.UTF_8);
    String section = doc.substring(doc.indexOf("## Dashboard"));
    Set<String> names = new TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(?:parley|vertx|jvm)_[a-z0-9_]+\\b").matcher(section);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  @Test
  void healthAndTheTextExpositionAsPrometheusReadsIt() throws Exception {
    assertEquals(200, management.get("/health/live").statusCode());
    HttpResponse<String> ready = management.get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject body = new JsonObject(ready.body());
    assertEquals("UP", body.getString("status"));
    Set<String> checks = new TreeSet<>();
    body.getJsonArray("checks").forEach(c -> checks.add(((JsonObject) c).getString("id")));
    assertTrue(checks.containsAll(List.of("session-database", "session-consumers", "billing-database",
        "billing-consumers", "web-server")), checks.toString());
    assertTrue(checks.stream().anyMatch(c -> c.startsWith("xmpp-node-")), checks.toString());
    assertTrue(checks.stream().anyMatch(c -> c.startsWith("oscar-node-")), checks.toString());
    assertTrue(checks.stream().anyMatch(c -> c.startsWith("irc-node-")), checks.toString());

    // The text format, checked by Prometheus's own parser (promtool): exit 1 means it could not parse it.
    HttpResponse<String> text = management.get("/metrics");
    assertEquals(200, text.statusCode());
    assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    Path file = Files.createTempFile("parley-metrics", ".txt");
    try {
      Files.writeString(file, text.body(), StandardCharsets.UTF_8);
      AlertRulesTest.Result check = AlertRulesTest.run(List.of("promtool", "check", "metrics"), file);
      assertNotEquals(1, check.exit(), check.output());
    } finally {
      Files.deleteIfExists(file);
    }
    assertTrue(text.body().contains("# TYPE parley_im_sessions gauge"), text.body());
  }

  private double scrapeValue(String name) {
    try {
      return management.scrape().value(name);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void awaitValue(String what, DoubleSupplier value, java.util.function.DoublePredicate test) throws InterruptedException {
    long end = System.currentTimeMillis() + 20_000;
    double last = value.getAsDouble();
    while (!test.test(last)) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError(what + " stayed at " + last);
      }
      Thread.sleep(200);
      last = value.getAsDouble();
    }
  }
}
