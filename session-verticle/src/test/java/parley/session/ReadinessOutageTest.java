package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.Management;
import parley.session.testing.StoppablePostgres;

/**
 * A session process's readiness follows its database: 200 while PostgreSQL answers, 503 naming
 * the failing check with a sentence when it is stopped, 200 again when it is back. Liveness
 * stays 200 throughout: the process itself is fine.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReadinessOutageTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private StoppablePostgres pg;
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "PostgreSQL refuses root; ./parley test runs the suite as an unprivileged user");
    pg = new StoppablePostgres();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JsonObject config = new JsonObject()
        .put("db", pg.dbConfig())
        .put("session", new JsonObject().put("credentialKey", Base64.getEncoder().encodeToString(key)).put("bcryptCost", 4))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0));
    // As ClusterBoot and AllInOne build a process, without the cluster.
    Management management = new Management();
    vertx = management.vertxBuilder().build();
    management.attach(vertx);
    vertx.deployVerticle(new SessionVerticle(), new DeploymentOptions().setConfig(config)).await();
    port = Management.serve(vertx, config).await();
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void readinessIs503WhileTheDatabaseIsStopped() throws Exception {
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());

    pg.stop();
    HttpResponse<String> down = awaitStatus(503);
    JsonObject body = new JsonObject(down.body());
    assertEquals("DOWN", body.getString("status"));
    JsonObject failing = body.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> "DOWN".equals(c.getString("status"))).findFirst().orElseThrow();
    assertEquals("session-database", failing.getString("id"));
    assertTrue(failing.getJsonObject("data").getString("reason").startsWith("The session's database does not answer."),
        failing.encode());
    assertEquals(200, get("/health/live").statusCode());
    assertTrue(get("/metrics").body().contains("parley_readiness{check=\"session-database\"} 0"));

    pg.start();
    awaitStatus(200);
    assertTrue(get("/metrics").body().contains("parley_readiness{check=\"session-database\"} 1"));
  }

  private HttpResponse<String> awaitStatus(int status) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    HttpResponse<String> last = get("/health/ready");
    while (last.statusCode() != status) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("readiness stayed " + last.statusCode() + ": " + last.body());
      }
      Thread.sleep(250);
      last = get("/health/ready");
    }
    return last;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
