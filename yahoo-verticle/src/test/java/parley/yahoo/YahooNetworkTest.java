package parley.yahoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.boot.BadSetting;
import parley.boot.ConfigCheck;
import parley.boot.Management;
import parley.boot.Settings;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.nodekit.testing.DescriptorProbe;

/** The Yahoo node describes its network and declares its settings itself: nothing outside the module names Yahoo. */
class YahooNetworkTest {
  @Test
  @Timeout(30)
  void theNodePublishesItsDescriptor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DescriptorProbe probe = new DescriptorProbe(vertx, YahooNetwork.ID)) {
      new NodeHarness(vertx, NodeHarness.fastConfig());
      NetworkDescriptor periodic = probe.periodic();
      assertEquals(YahooNetwork.DESCRIPTOR, periodic);
      assertEquals(YahooNetwork.DESCRIPTOR, probe.asked());
      assertEquals(YahooNetwork.DESCRIPTOR, NetworkDescriptor.fromJson(YahooNetwork.DESCRIPTOR.toJson()));
      assertEquals("Yahoo", periodic.label());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().host());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().port());
      assertEquals(5050, periodic.server().defaultPort());
      assertFalse(periodic.server().tls(), "YMSG has no TLS to choose");
      assertTrue(periodic.can(Capability.SUBSCRIPTIONS));
      assertTrue(periodic.login().matches("alice_smith"));
      assertTrue(periodic.login().matches("Bob.Jones99"));
      assertFalse(periodic.login().matches("1abc"));
      assertFalse(periodic.login().matches("abc"));
      assertFalse(periodic.login().matches("alice@yahoo.com"));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theReadmeDocumentsExactlyTheDeclaredSettings() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| `(yahoo\\.[a-zA-Z]+)` \\|", java.util.regex.Pattern.MULTILINE)
        .matcher(readme);
    while (m.find()) {
      documented.add(m.group(1));
    }
    java.util.Set<String> declared = new java.util.TreeSet<>();
    new YahooSettings().settings().forEach(s -> declared.add(s.name()));
    assertEquals(declared, documented);
  }

  @Test
  void theModuleDeclaresItsSettingsAndProcessKind() throws Exception {
    assertTrue(Settings.byName().containsKey("yahoo.reconnectMinSeconds"));
    assertTrue(Settings.byName().containsKey("yahoo.maxPacketBytes"));
    Path file = Files.createTempFile("parley", ".json");
    try {
      Files.writeString(file, "{\"yahoo\": {\"maxPacketBytes\": 100}}");
      BadSetting low = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.YAHOO_NODE));
      assertTrue(low.getMessage().startsWith("yahoo.maxPacketBytes must be "), low.getMessage());
      Files.writeString(file, "{\"yahoo\": {\"reconnectMinSeconds\": 90, \"reconnectMaxSeconds\": 60}}");
      BadSetting above = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.YAHOO_NODE));
      assertEquals("yahoo.reconnectMinSeconds (90) must not be above yahoo.reconnectMaxSeconds (60)", above.getMessage());
      Files.writeString(file, "{}");
      JsonObject config = ConfigCheck.load(file, Map.of("PARLEY_YAHOO_KEEPALIVE_SECONDS", "30"), Main.YAHOO_NODE).config();
      assertEquals(30, config.getJsonObject("yahoo").getInteger("keepaliveSeconds"));
      assertEquals(9408, Management.withDefaultPort(config, Main.YAHOO_NODE).getJsonObject("management").getInteger("port"));
      // The shipped configuration has no yahoo section (see README): the node runs on the defaults.
      JsonObject shipped = ConfigCheck.load(Path.of("../conf/parley.json"), Map.of(), Main.YAHOO_NODE).config();
      assertEquals(new YahooNodeConfig(1, 60, 15, 60, 15, 32768), YahooNodeConfig.from(shipped.getJsonObject("yahoo")));
    } finally {
      Files.delete(file);
    }
  }
}
