package parley.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import parley.boot.BadSetting;
import parley.boot.ConfigCheck;
import parley.boot.Management;
import parley.boot.ParleyProcess;
import parley.boot.Setting;
import parley.boot.Settings;

/** The IRC module declares its own settings and process kind (boot knows nothing of IRC). */
class IrcSettingsTest {
  private static final Map<String, Setting> SETTINGS = Settings.byName();

  @Test
  void theIrcSettingsComeFromThisModuleAndAreChecked() throws Exception {
    assertTrue(SETTINGS.containsKey("irc.pingSeconds"), "found through ModuleSettings");
    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, "{\"irc\": {\"pingSeconds\": 2}}");
    BadSetting low = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
    assertTrue(low.getMessage().startsWith("irc.pingSeconds must be "), low.getMessage());
    Files.writeString(file, "{\"irc\": {\"reconnectMinSeconds\": 90, \"reconnectMaxSeconds\": 60}}");
    BadSetting above = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
    assertEquals("irc.reconnectMinSeconds (90) must not be above irc.reconnectMaxSeconds (60)", above.getMessage());
    // A certificate to trust that cannot be read is refused at start, not at the first TLS connection.
    Files.writeString(file, "{\"irc\": {\"trustedCertificate\": \"/nonexistent/irc-ca.pem\"}}");
    BadSetting unreadable = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), Main.PROCESS));
    assertEquals("irc.trustedCertificate must be a readable PEM file; /nonexistent/irc-ca.pem cannot be read",
        unreadable.getMessage());
    Files.writeString(file, "{}");
    JsonObject config = ConfigCheck.load(file, Map.of("PARLEY_IRC_PING_SECONDS", "30"), Main.PROCESS).config();
    assertEquals(30, config.getJsonObject("irc").getInteger("pingSeconds"));
    assertEquals(9406, Management.withDefaultPort(config, Main.PROCESS).getJsonObject("management").getInteger("port"));
    assertTrue(ParleyProcess.BUILT_IN.stream().noneMatch(p -> p.managementPort() == 9406), "the IRC node's port is its own");
  }

  @Test
  void theDefaultsTheSchemaNamesAreTheOnesTheNodeApplies() {
    IrcNodeConfig irc = IrcNodeConfig.from(new JsonObject());
    assertDefault("irc.reconnectMinSeconds", irc.reconnectMinSeconds());
    assertDefault("irc.reconnectMaxSeconds", irc.reconnectMaxSeconds());
    assertDefault("irc.connectTimeoutSeconds", irc.connectTimeoutSeconds());
    assertDefault("irc.pingSeconds", irc.pingSeconds());
    assertDefault("irc.answerTimeoutSeconds", irc.answerTimeoutSeconds());
    assertDefault("irc.maxSendHoldSeconds", irc.maxSendHoldSeconds());
    assertDefault("irc.floodLineMs", irc.floodLineMs());
    assertDefault("irc.floodBurstLines", irc.floodBurstLines());
    assertDefault("irc.maxLinesPerMessage", irc.maxLinesPerMessage());
    // Read by the node kit, the same for every network.
    assertDefault("irc.shardBufferSize", parley.nodekit.ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_SIZE);
    assertDefault("irc.shardBufferPerShard", parley.nodekit.ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_PER_SHARD);
  }

  @Test
  void theShippedConfigurationPassesForTheIrcNode() {
    ConfigCheck.Checked checked = ConfigCheck.load(Path.of("..", "conf", "parley.json"), Map.of(), Main.PROCESS);
    assertEquals(java.util.List.of(), checked.warnings());
  }

  private static void assertDefault(String name, Object applied) {
    assertEquals(((Number) SETTINGS.get(name).defaultValue()).longValue(), ((Number) applied).longValue(), name);
  }

  /** Every setting this module's README names is one it declares, and every one it declares is named there. */
  @Test
  void theReadmeOfThisModuleNamesItsSettings() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("\\| `([a-z][a-zA-Z]+)`(?:, `([a-z][a-zA-Z]+)`)? \\|").matcher(readme);
    TreeSet<String> named = new TreeSet<>();
    while (m.find()) {
      named.add("irc." + m.group(1));
      if (m.group(2) != null) {
        named.add("irc." + m.group(2));
      }
    }
    TreeSet<String> declared = new TreeSet<>(new IrcSettings().settings().stream().map(Setting::name).toList());
    assertEquals(declared, named);
  }
}
