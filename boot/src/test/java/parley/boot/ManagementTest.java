package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management server of one process: its port, and readiness answered from the checks. */
class ManagementTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;

  @BeforeEach
  void start() {
    Management management = new Management();
    vertx = management.vertxBuilder().build();
    management.attach(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void eachKindOfProcessHasItsOwnDefaultPortUnlessOneIsSet() {
    assertEquals(9402, Management.withDefaultPort(new JsonObject(), ParleyProcess.SESSION)
        .getJsonObject("management").getInteger("port"));
    assertEquals(9404, Management.withDefaultPort(new JsonObject(), ParleyProcess.XMPP)
        .getJsonObject("management").getInteger("port"));
    JsonObject set = new JsonObject().put("management", new JsonObject().put("port", 9999));
    assertEquals(9999, Management.withDefaultPort(set, ParleyProcess.SESSION).getJsonObject("management").getInteger("port"));
    assertEquals(ParleyProcess.BUILT_IN.size(),
        ParleyProcess.BUILT_IN.stream().map(ParleyProcess::managementPort).distinct().count());
  }

  @Test
  void noServerWithoutAPortOrWhenDisabled() {
    assertEquals(-1, Management.serve(vertx, new JsonObject()).await());
    assertEquals(-1, Management.serve(vertx, new JsonObject().put("management",
        new JsonObject().put("port", 0).put("enabled", false))).await());
  }

  @Test
  void aPortInUseStopsTheStartWithTheSettingToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Future<Integer> serving = Management.serve(vertx, new JsonObject().put("management",
          new JsonObject().put("host", "127.0.0.1").put("port", taken.getLocalPort())));
      String message = serving.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause().getMessage() : "started"))
          .await();
      assertTrue(message.startsWith("management.port " + taken.getLocalPort() + " on 127.0.0.1 cannot be opened"), message);
      assertTrue(message.contains("PARLEY_MANAGEMENT_PORT="), message);
    }
  }

  @Test
  void readinessIs503NamingTheFailingCheckWithItsSentence() throws Exception {
    AtomicBoolean fine = new AtomicBoolean(true);
    Monitoring.ready(vertx, "things", fine::get, "The things are not there.");
    int port = Management.serve(vertx, new JsonObject().put("management",
        new JsonObject().put("host", "127.0.0.1").put("port", 0))).await();

    assertEquals(200, get(port, "/health/ready").statusCode());
    fine.set(false);
    HttpResponse<String> down = get(port, "/health/ready");
    assertEquals(503, down.statusCode());
    JsonObject check = new JsonObject(down.body()).getJsonArray("checks").getJsonObject(0);
    assertEquals("things", check.getString("id"));
    assertEquals("DOWN", check.getString("status"));
    assertEquals("The things are not there.", check.getJsonObject("data").getString("reason"));
    assertEquals(200, get(port, "/health/live").statusCode(), "liveness does not follow readiness");
    assertTrue(get(port, "/metrics").body().contains("parley_readiness{check=\"things\"} 0"));
    fine.set(true);
    assertEquals(200, get(port, "/health/ready").statusCode());
  }

  @Test
  void theConfiguredNumberOfEventLoopsRunsTheVerticles() {
    Management management = new Management();
    Vertx three = management.vertxBuilder(new JsonObject().put("vertx", new JsonObject().put("eventLoops", 3)),
        new EventBusOptions()).build();
    try {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      // Instances take the event loops in turn: twelve of them meet every loop there is.
      three.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          threads.add(Thread.currentThread().getName());
          return Future.succeededFuture();
        }
      }, new DeploymentOptions().setInstances(12)).await();
      assertEquals(3, threads.size(), threads.toString());
    } finally {
      three.close().await();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
