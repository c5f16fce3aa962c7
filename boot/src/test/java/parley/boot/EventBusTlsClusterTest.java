package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clustered Vert.x instances started the way every Parley process starts ({@link ClusterBoot#start}),
 * with their own cluster name, talking over real TCP on 127.0.0.1: with cluster certificates the
 * event bus is TLS, nothing of a message shows on the wire, and a process whose certificate the
 * cluster does not trust can neither deliver nor receive.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventBusTlsClusterTest {
  private static final String ADDRESS = "test.tls.secret";
  private static final String SECRET = "hunter2-password-" + UUID.randomUUID();

  private final List<Vertx> processes = new ArrayList<>();
  private Path dir;
  private ClusterCertificates cluster;
  private int base;
  private String name;

  @BeforeEach
  void certificates() throws Exception {
    dir = Files.createTempDirectory("parley-cluster-tls");
    cluster = new ClusterCertificates(dir, "cluster").issue("a").issue("b");
    base = ThreadLocalRandom.current().nextInt(21000, 29000);
    name = "parley-tls-test-" + UUID.randomUUID();
  }

  @AfterEach
  void stop() {
    processes.forEach(v -> v.close().await());
  }

  @Test
  void withClusterCertificatesARequestAndItsReplyCrossOnlyAsTls() throws Exception {
    int busPort = freePort();
    try (RecordingProxy proxy = new RecordingProxy(busPort)) {
      // a reaches b's event bus through the proxy: b advertises the proxy's port in the cluster.
      JsonObject bConfig = tls(cluster, "b");
      Vertx b = start(0, bConfig, EventBusTls.options(bConfig).setPort(busPort).setClusterPublicHost("127.0.0.1")
          .setClusterPublicPort(proxy.port()));
      b.eventBus().<String>consumer(ADDRESS, m -> m.reply("got " + m.body())).completion().await();
      JsonObject aConfig = tls(cluster, "a");
      Vertx a = start(1, aConfig, EventBusTls.options(aConfig));

      String reply = a.eventBus().<String>request(ADDRESS, SECRET, new DeliveryOptions().setSendTimeout(10_000)).await().body();

      assertEquals("got " + SECRET, reply);
      byte[] wire = proxy.seen();
      assertTrue(wire.length > 1, "the request went through the recording proxy");
      assertEquals(0x16, wire[0], "the connection opens with a TLS handshake record");
      assertEquals(0x03, wire[1], "the connection opens with a TLS handshake record");
      String seen = new String(wire, StandardCharsets.ISO_8859_1);
      assertFalse(seen.contains(SECRET), "the message is not on the wire in clear");
      assertFalse(seen.contains(ADDRESS), "the address is not on the wire in clear");
    }
  }

  /** The control: the same capture without TLS does show the message, so the test above can fail. */
  @Test
  void withoutCertificatesTheSameCaptureShowsTheMessage() throws Exception {
    int busPort = freePort();
    try (RecordingProxy proxy = new RecordingProxy(busPort)) {
      JsonObject plain = config();
      Vertx b = start(0, plain, new EventBusOptions().setPort(busPort).setClusterPublicHost("127.0.0.1")
          .setClusterPublicPort(proxy.port()));
      b.eventBus().<String>consumer(ADDRESS, m -> m.reply("got " + m.body())).completion().await();
      Vertx a = start(1, config(), new EventBusOptions());

      assertEquals("got " + SECRET, a.eventBus().<String>request(ADDRESS, SECRET).await().body());
      assertTrue(new String(proxy.seen(), StandardCharsets.ISO_8859_1).contains(SECRET));
    }
  }

  @Test
  void aProcessWithACertificateTheClusterDoesNotTrustCannotDeliverOrReceive() throws Exception {
    ClusterCertificates stranger = new ClusterCertificates(dir, "stranger").issue("rogue");
    // The rogue trusts the cluster's authority: only its own certificate is foreign.
    JsonObject rogueConfig = tls(stranger, "rogue");
    rogueConfig.getJsonObject("cluster").put("tlsTrust", cluster.trust().toString());
    Vertx b = start(0, tls(cluster, "b"), EventBusTls.options(tls(cluster, "b")));
    Vertx a = start(1, tls(cluster, "a"), EventBusTls.options(tls(cluster, "a")));
    Vertx rogue = start(2, rogueConfig, EventBusTls.options(rogueConfig));
    AtomicInteger arrived = new AtomicInteger();
    b.eventBus().<String>consumer(ADDRESS, m -> {
      arrived.incrementAndGet();
      m.reply("got " + m.body());
    }).completion().await();
    MessageConsumer<String> trap = rogue.eventBus().<String>consumer("test.tls.rogue", m -> arrived.addAndGet(100));
    trap.completion().await();

    DeliveryOptions shortWait = new DeliveryOptions().setSendTimeout(3000);
    Future<?> fromRogue = requestOutcome(rogue, ADDRESS, shortWait);
    assertTrue(fromRogue.failed(), "the rogue's request must not be answered");
    Future<?> toRogue = requestOutcome(a, "test.tls.rogue", shortWait);
    assertTrue(toRogue.failed(), "a does not deliver to the rogue");
    assertEquals(0, arrived.get(), "nothing from or to the rogue arrived");

    // The cluster's own processes still talk: a to b.
    assertEquals("got hello", a.eventBus().<String>request(ADDRESS, "hello", shortWait).await().body());
    assertEquals(1, arrived.get());
  }

  private static Future<?> requestOutcome(Vertx from, String address, DeliveryOptions options) {
    try {
      from.eventBus().request(address, SECRET, options).await(10, TimeUnit.SECONDS);
      return Future.succeededFuture();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private Vertx start(int member, JsonObject config, EventBusOptions eventBus) {
    JsonObject mine = config.copy();
    mine.getJsonObject("cluster").put("port", base + member);
    Vertx vertx = ClusterBoot.start(mine, eventBus, () -> new VerticleBase() {}).await();
    processes.add(vertx);
    return vertx;
  }

  private JsonObject config() {
    return new JsonObject()
        .put("cluster", new JsonObject()
            .put("configFile", "no-such-file.xml")
            .put("name", name)
            .put("members", new JsonArray().add("127.0.0.1:" + base).add("127.0.0.1:" + (base + 1)).add("127.0.0.1:" + (base + 2)))
            .put("joinWaitSeconds", 1))
        .put("management", new JsonObject().put("enabled", false));
  }

  private JsonObject tls(ClusterCertificates authority, String leaf) {
    JsonObject config = config();
    config.getJsonObject("cluster")
        .put("tlsKey", authority.key(leaf).toString())
        .put("tlsCertificate", authority.certificate(leaf).toString())
        .put("tlsTrust", authority.trust().toString());
    return config;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
