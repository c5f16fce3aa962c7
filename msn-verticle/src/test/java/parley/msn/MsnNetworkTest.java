package parley.msn;

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
import parley.msn.testing.MsnTestServer;
import parley.nodekit.testing.DescriptorProbe;

/** The MSN node describes its network and declares its settings itself, so nothing outside the module names it. */
class MsnNetworkTest {
  @Test
  @Timeout(30)
  void theNodePublishesItsDescriptor() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DescriptorProbe probe = new DescriptorProbe(vertx, MsnNetwork.ID); MsnTestServer server = new MsnTestServer().start()) {
      new NodeHarness(vertx, NodeHarness.fastConfig(server));
      NetworkDescriptor periodic = probe.periodic();
      assertEquals(MsnNetwork.DESCRIPTOR, periodic);
      assertEquals(MsnNetwork.DESCRIPTOR, probe.asked());
      assertEquals("MSN Messenger", periodic.label());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().host());
      assertEquals(NetworkDescriptor.REQUIRED, periodic.server().port());
      assertEquals(1863, periodic.server().defaultPort());
      assertTrue(periodic.can(Capability.SUBSCRIPTIONS));
      assertTrue(periodic.can(Capability.TYPING));
      assertFalse(periodic.can(Capability.GROUP_CHATS));
      // MSN addresses are e-mail addresses, the same rule as the node's own check.
      assertTrue(periodic.login().matches("alice@hotmail.com"));
      assertFalse(periodic.login().matches("alice"));
      assertTrue(periodic.contact().matches("bob@msn.com"));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theMsnSettingsAreKnownAndChecked() throws Exception {
    assertTrue(Settings.byName().containsKey("msn.reconnectMinSeconds"));
    assertTrue(Settings.byName().containsKey("msn.loginUrl"));
    Path file = Files.createTempFile("parley", ".json");
    try {
      Files.writeString(file, "{\"msn\": {\"pingSeconds\": 1}}");
      BadSetting low = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
      assertTrue(low.getMessage().startsWith("msn.pingSeconds must be "), low.getMessage());
      Files.writeString(file, "{\"msn\": {\"pingSecs\": 20}}");
      BadSetting unknown = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
      assertTrue(unknown.getMessage().contains("msn.pingSecs"), unknown.getMessage());
      Files.writeString(file, "{\"msn\": {\"reconnectMinSeconds\": 90, \"reconnectMaxSeconds\": 60}}");
      BadSetting above = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
      assertEquals("msn.reconnectMinSeconds (90) must not be above msn.reconnectMaxSeconds (60)", above.getMessage());
      // A certificate to trust that cannot be read is refused at start, not at the first TLS connection.
      Files.writeString(file, "{\"msn\": {\"trustedCertificate\": \"/nonexistent/msn-ca.pem\"}}");
      BadSetting unreadable = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
      assertEquals("msn.trustedCertificate must be a readable PEM file; /nonexistent/msn-ca.pem cannot be read",
          unreadable.getMessage());
      Files.writeString(file, "{}");
      JsonObject config = ConfigCheck.load(file, Map.of("PARLEY_MSN_LOGIN_URL", "https://login.example.org/login2.srf"),
          Main.PROCESS).config();
      assertEquals("https://login.example.org/login2.srf", MsnNodeConfig.from(config.getJsonObject("msn")).loginUrl("x"));
      assertEquals(9407, Management.withDefaultPort(config, Main.PROCESS).getJsonObject("management").getInteger("port"));
      assertEquals("https://messenger.example.org/login2.srf",
          MsnNodeConfig.from(new JsonObject()).loginUrl("messenger.example.org"));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
