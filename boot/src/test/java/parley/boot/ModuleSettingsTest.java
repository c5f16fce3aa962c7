package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A protocol node module's settings are checked like Parley's own, without a line in {@link Settings}. */
class ModuleSettingsTest {

  @Test
  void aModulesSettingIsKnownCheckedAndTakenFromTheEnvironment() throws Exception {
    assertTrue(Settings.byName().containsKey("testnet.pingSeconds"));
    ParleyProcess node = new ParleyProcess("Test network node", 9499);

    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, "{\"testnet\": {\"pingSeconds\": 2}}");
    BadSetting low = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), node));
    assertTrue(low.getMessage().startsWith("testnet.pingSeconds must be "), low.getMessage());

    Files.writeString(file, "{\"testnet\": {\"pingSecs\": 20}}");
    BadSetting unknown = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), node));
    assertTrue(unknown.getMessage().contains("testnet.pingSecs"), unknown.getMessage());

    Files.writeString(file, "{}");
    JsonObject config = ConfigCheck.load(file, Map.of("PARLEY_TESTNET_PING_SECONDS", "30"), node).config();
    assertEquals(30, config.getJsonObject("testnet").getInteger("pingSeconds"));
    assertEquals(9499, Management.withDefaultPort(config, node).getJsonObject("management").getInteger("port"));
  }

  @Test
  void aNodeModuleHasEveryNodesSettingsAndItsBackoffsRule() throws Exception {
    assertEquals(List.of("testnet.reconnectMinSeconds", "testnet.reconnectMaxSeconds", "testnet.connectTimeoutSeconds",
        "testnet.pingSeconds", "testnet.shardBufferSize", "testnet.shardBufferPerShard"),
        new TestNetSettings().settings().stream().map(Setting::name).toList());
    assertEquals(15, Settings.byName().get("testnet.connectTimeoutSeconds").defaultValue());
    ParleyProcess node = new ParleyProcess("Test network node", 9499);
    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, "{\"testnet\": {\"reconnectMinSeconds\": 90, \"reconnectMaxSeconds\": 60}}");
    BadSetting above = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), node));
    assertEquals("testnet.reconnectMinSeconds (90) must not be above testnet.reconnectMaxSeconds (60)", above.getMessage());
    Files.writeString(file, "{\"testnet\": {\"reconnectMinSeconds\": 60}}");
    assertEquals(60, ConfigCheck.load(file, Map.of(), node).config().getJsonObject("testnet").getInteger("reconnectMinSeconds"));
  }

  @Test
  void aProcessKindNeedsALabelAndAPort() {
    assertThrows(IllegalArgumentException.class, () -> new ParleyProcess(" ", 9499));
    assertThrows(IllegalArgumentException.class, () -> new ParleyProcess("Node", 70000));
  }
}
