package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.ClusterBoot;
import parley.contract.testing.ClusterPorts;
import parley.session.SessionVerticle;
import parley.web.testing.ManagementPort.Scrape;
import parley.web.testing.ManagementPort;
import parley.web.testing.WebStack;
import parley.xmpp.testing.ProsodyServer;

/**
 * Session and web as two clustered Vert.x instances in this JVM and the XMPP node as its own
 * process ({@code parley.xmpp.Main}, its management port from {@code PARLEY_MANAGEMENT_PORT}),
 * each with its own management port: each is scraped and probed on its own, and each shows the
 * metrics of what it does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsClusterTest {
  @Test
  void everyProcessIsScrapedOnItsOwnPort() throws Exception {
    int base = ClusterPorts.base(3);
    JsonObject config = WebStack.config().put("cluster", new JsonObject()
        .put("configFile", "no-such-file.xml")
        .put("name", "parley-metrics-test-" + UUID.randomUUID())
        .put("members", new JsonArray().add("127.0.0.1:" + base).add("127.0.0.1:" + (base + 1)).add("127.0.0.1:" + (base + 2)))
        .put("joinWaitSeconds", 1));
    config.getJsonObject("session").put("metricsRefreshMs", 200);
    int management = ClusterPorts.base(3);
    int[] managementPorts = {management, management + 1, management + 2};
    ProsodyServer prosody = new ProsodyServer();
    prosody.start();
    List<Vertx> processes = new ArrayList<>();
    Process nodeProcess = null;
    try {
      processes.add(ClusterBoot.start(process(config, base, managementPorts[0]), SessionVerticle::new).await());
      nodeProcess = startNodeProcess(config, base + 1, managementPorts[1]);
      WebVerticle web = new WebVerticle();
      Vertx webProcess = ClusterBoot.start(process(config, base + 2, managementPorts[2]), () -> web).await();
      processes.add(webProcess);
      ManagementPort session = new ManagementPort(managementPorts[0]);
      ManagementPort node = new ManagementPort(managementPorts[1]);
      ManagementPort webPort = new ManagementPort(managementPorts[2]);
      awaitReady(node, nodeProcess);

      for (ManagementPort process : List.of(session, node, webPort)) {
        HttpResponse<String> ready = awaitReady(process, null);
        assertTrue(ready.body().contains("\"cluster\""), ready.body());
        assertEquals(200, process.get("/health/live").statusCode());
      }
      assertTrue(session.get("/health/ready").body().contains("session-database"));
      assertTrue(node.get("/health/ready").body().contains("xmpp-node-"));
      assertEquals(0, node.scrape().value("parley_messages_total", "network", "xmpp"));

      SmackPeerChat.run(webProcess, web.actualPort(), prosody, "lena");

      Scrape atNode = node.scrape();
      assertEquals(1, atNode.value("parley_im_sessions", "network", "xmpp", "state", "connected"));
      assertEquals(1, atNode.value("parley_logins_total", "network", "xmpp", "result", "connected"));
      assertEquals(1, atNode.value("parley_messages_total", "network", "xmpp", "direction", "out"));
      assertEquals(1, atNode.value("parley_messages_total", "network", "xmpp", "direction", "in"));
      assertFalse(atNode.has("parley_usage_outbox_records"), "the node process has no outbox");

      Scrape atSession = session.scrape();
      assertTrue(atSession.has("parley_usage_outbox_records"), atSession.families().keySet().toString());
      assertTrue(atSession.has("parley_storage_buffered"));
      assertFalse(atSession.has("parley_im_sessions"), "the session process holds no IM connection");
      assertTrue(atSession.value("vertx_eventbus_processed_total") > 0, "the event bus metrics of the session");

      Scrape atWeb = webPort.scrape();
      assertTrue(atWeb.has("parley_bridge_sockets"));
      assertTrue(atWeb.value("vertx_http_server_requests_total") > 0, "the web process's HTTP metrics");
      assertEquals(1, atWeb.value("parley_readiness", "check", "cluster"));
    } finally {
      if (nodeProcess != null) {
        nodeProcess.destroy();
        if (!nodeProcess.waitFor(20, TimeUnit.SECONDS)) {
          nodeProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      for (Vertx v : processes) {
        v.close().await();
      }
      prosody.stop();
    }
  }

  /** Ready once it has started, the members have joined and the partitions settled. */
  private static HttpResponse<String> awaitReady(ManagementPort process, Process jvm) throws Exception {
    long end = System.currentTimeMillis() + 90_000;
    while (true) {
      if (jvm != null && !jvm.isAlive()) {
        throw new AssertionError("the node process ended early; see target/metrics-cluster/node.log");
      }
      try {
        HttpResponse<String> ready = process.get("/health/ready");
        if (ready.statusCode() == 200 || System.currentTimeMillis() > end) {
          assertEquals(200, ready.statusCode(), ready.body());
          return ready;
        }
      } catch (ConnectException notYet) {
        if (System.currentTimeMillis() > end) {
          throw new AssertionError("the management port did not open", notYet);
        }
      }
      Thread.sleep(250);
    }
  }

  /** {@code parley.xmpp.Main} in a JVM of its own, as an operator starts a node. */
  private static Process startNodeProcess(JsonObject config, int clusterPort, int managementPort) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "metrics-cluster"));
    Path file = dir.resolve("node.json");
    JsonObject nodeConfig = new JsonObject()
        .put("cluster", config.getJsonObject("cluster").copy().put("port", clusterPort))
        .put("management", new JsonObject().put("host", "127.0.0.1"));
    Files.writeString(file, nodeConfig.encodePrettily());
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), parley.xmpp.Main.class.getName(), file.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile());
    builder.environment().put("PARLEY_MANAGEMENT_PORT", String.valueOf(managementPort));
    return builder.start();
  }

  private static JsonObject process(JsonObject config, int clusterPort, int managementPort) {
    JsonObject copy = config.copy();
    copy.getJsonObject("cluster").put("port", clusterPort);
    return copy.put("management", new JsonObject().put("host", "127.0.0.1").put("port", managementPort));
  }

}
