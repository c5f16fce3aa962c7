package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void aProcessKindNeedsALabelAndAPort() {
    assertThrows(IllegalArgumentException.class, () -> new ParleyProcess(" ", 9499));
    assertThrows(IllegalArgumentException.class, () -> new ParleyProcess("Node", 70000));
  }
}
