package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** When the event bus gets TLS, when a start warns that it has none, and how its settings are checked. */
class EventBusTlsTest {
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger tlsLog = (Logger) LoggerFactory.getLogger(EventBusTls.class);

  @BeforeEach
  void capture() {
    logged.start();
    tlsLog.addAppender(logged);
  }

  @AfterEach
  void release() {
    tlsLog.detachAppender(logged);
  }

  @Test
  void theShippedClusterFileAndTheBuiltInDefaultsStayOnLoopback() {
    assertTrue(EventBusTls.loopbackOnly(ClusterBoot.hazelcastConfig(cluster(new JsonObject().put("configFile", "../conf/cluster.xml")))));
    assertTrue(EventBusTls.loopbackOnly(ClusterBoot.loopbackDefaults()));
    assertTrue(EventBusTls.loopbackOnly(hazelcast(new JsonObject()
        .put("members", new JsonArray().add("127.0.0.1:5701").add("localhost:5702").add("[::1]:5703").add("127.0.0.2")))));
  }

  @Test
  void anotherInterfaceOrMemberOrMulticastLeavesTheMachine() {
    assertFalse(EventBusTls.loopbackOnly(hazelcast(new JsonObject().put("interface", "10.0.0.5"))));
    assertFalse(EventBusTls.loopbackOnly(hazelcast(new JsonObject()
        .put("members", new JsonArray().add("127.0.0.1:5701").add("10.0.0.6:5701")))));
    assertFalse(EventBusTls.loopbackOnly(hazelcast(new JsonObject().put("members", new JsonArray().add("db.example")))));
    Config anyInterface = ClusterBoot.loopbackDefaults();
    anyInterface.getNetworkConfig().getInterfaces().setEnabled(false);
    assertFalse(EventBusTls.loopbackOnly(anyInterface));
    Config multicast = ClusterBoot.loopbackDefaults();
    multicast.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(true);
    assertFalse(EventBusTls.loopbackOnly(multicast));
  }

  @Test
  void aClusterOffLoopbackWithoutTlsIsWarnedAboutInWords() {
    JsonObject config = cluster(new JsonObject().put("interface", "10.0.0.5")
        .put("members", new JsonArray().add("10.0.0.5:5701").add("10.0.0.6:5701")));

    EventBusTls.warnIfOpen(config, ClusterBoot.hazelcastConfig(config));

    assertEquals(1, logged.list.size());
    ILoggingEvent line = logged.list.get(0);
    assertEquals(Level.WARN, line.getLevel());
    assertTrue(line.getFormattedMessage().startsWith("The event bus between Parley processes is not encrypted and the "
        + "cluster is not on loopback: IM passwords and messages cross the network in clear. Set cluster.tlsKey, "
        + "cluster.tlsCertificate and cluster.tlsTrust"), line.getFormattedMessage());
    assertTrue(line.getFormattedMessage().contains("README"));
  }

  @Test
  void noWarningOnLoopbackOrWithTls() throws Exception {
    JsonObject loopback = cluster(new JsonObject());
    EventBusTls.warnIfOpen(loopback, ClusterBoot.hazelcastConfig(loopback));
    JsonObject encrypted = withTls(cluster(new JsonObject().put("interface", "10.0.0.5")), Files.createTempDirectory("tls"));
    EventBusTls.warnIfOpen(encrypted, ClusterBoot.hazelcastConfig(encrypted));

    assertEquals(List.of(), logged.list);
  }

  @Test
  void theThreeSettingsMakeTlsWithARequiredClientCertificate() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    EventBusOptions options = EventBusTls.options(withTls(cluster(new JsonObject()), dir));

    assertTrue(options.isSsl());
    assertEquals(ClientAuth.REQUIRED, options.getClientAuth());
    assertFalse(options.isTrustAll());
    assertEquals(dir.resolve("node.key").toString(), ((PemKeyCertOptions) options.getKeyCertOptions()).getKeyPath());
    assertEquals(dir.resolve("node.crt").toString(), ((PemKeyCertOptions) options.getKeyCertOptions()).getCertPath());
    assertEquals(List.of(dir.resolve("ca.crt").toString()), ((PemTrustOptions) options.getTrustOptions()).getCertPaths());
    assertFalse(EventBusTls.options(cluster(new JsonObject())).isSsl());
  }

  @Test
  void theConfigurationCheckWantsAllThreeReadable() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    JsonObject tls = withTls(cluster(new JsonObject()), dir);
    assertEquals("", refusal(tls));

    tls.getJsonObject("cluster").remove("tlsTrust");
    assertEquals("cluster.tlsKey, cluster.tlsCertificate and cluster.tlsTrust turn on TLS on the event bus together; "
        + "cluster.tlsTrust is missing", refusal(tls));
    tls.getJsonObject("cluster").remove("tlsKey");
    assertEquals("cluster.tlsKey, cluster.tlsCertificate and cluster.tlsTrust turn on TLS on the event bus together; "
        + "cluster.tlsKey and cluster.tlsTrust are missing", refusal(tls));

    JsonObject unreadable = withTls(cluster(new JsonObject()), dir);
    unreadable.getJsonObject("cluster").put("tlsCertificate", dir.resolve("missing.crt").toString());
    assertEquals("cluster.tlsCertificate must be a readable PEM file; " + dir.resolve("missing.crt") + " cannot be read",
        refusal(unreadable));
  }

  @Test
  void theSettingsComeFromTheEnvironmentToo() throws Exception {
    Path dir = Files.createTempDirectory("tls");
    withTls(cluster(new JsonObject()), dir);
    Path file = Files.writeString(dir.resolve("parley.json"), "{}");
    JsonObject config = ConfigCheck.load(file, Map.of(
        "PARLEY_CLUSTER_TLS_KEY", dir.resolve("node.key").toString(),
        "PARLEY_CLUSTER_TLS_CERTIFICATE", dir.resolve("node.crt").toString(),
        "PARLEY_CLUSTER_TLS_TRUST", dir.resolve("ca.crt").toString()), ParleyProcess.WEB).config();
    assertTrue(EventBusTls.enabled(config));
  }

  /** The configuration check's sentence for this configuration, or "" when it passes. */
  private static String refusal(JsonObject config) throws Exception {
    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, config.encode());
    try {
      ConfigCheck.load(file, Map.of(), ParleyProcess.WEB);
      return "";
    } catch (BadSetting e) {
      return e.getMessage();
    }
  }

  /** Points the three settings at files in {@code dir} (their content does not matter to these checks). */
  private static JsonObject withTls(JsonObject config, Path dir) throws Exception {
    for (String name : List.of("node.key", "node.crt", "ca.crt")) {
      Files.writeString(dir.resolve(name), "test");
    }
    config.getJsonObject("cluster")
        .put("tlsKey", dir.resolve("node.key").toString())
        .put("tlsCertificate", dir.resolve("node.crt").toString())
        .put("tlsTrust", dir.resolve("ca.crt").toString());
    return config;
  }

  private static JsonObject cluster(JsonObject section) {
    if (!section.containsKey("configFile")) {
      section.put("configFile", "no-such-file.xml");
    }
    return new JsonObject().put("cluster", section);
  }

  private static Config hazelcast(JsonObject section) {
    return ClusterBoot.hazelcastConfig(cluster(section));
  }
}
