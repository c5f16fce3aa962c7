package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParleyConfigTest {
  @Test
  void environmentOverridesTheFileKeyByKey() throws Exception {
    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, "{\"web\": {\"port\": 8080, \"host\": \"0.0.0.0\"}, \"session\": {\"idleTimeoutSeconds\": 300}}");
    JsonObject config = ParleyConfig.load(file, Map.of(
        "PARLEY_WEB_PORT", "9090",
        "PARLEY_SESSION_IDLE_TIMEOUT_SECONDS", "60",
        "PARLEY_DB_URL", "postgresql://u:p@h:5432/d",
        "PARLEY_CLUSTER_MEMBERS", "[\"127.0.0.1:5701\",\"127.0.0.1:5702\"]",
        "PARLEY_WEB_SECURE_COOKIES", "true",
        "PATH", "/usr/bin",
        "PARLEY_", "ignored"));
    assertEquals(9090, config.getJsonObject("web").getInteger("port"));
    assertEquals("0.0.0.0", config.getJsonObject("web").getString("host"), "keys not overridden stay");
    assertEquals(true, config.getJsonObject("web").getBoolean("secureCookies"));
    assertEquals(60, config.getJsonObject("session").getInteger("idleTimeoutSeconds"));
    assertEquals("postgresql://u:p@h:5432/d", config.getJsonObject("db").getString("url"));
    assertEquals(new JsonArray().add("127.0.0.1:5701").add("127.0.0.1:5702"), config.getJsonObject("cluster").getJsonArray("members"));
    Files.delete(file);
  }

  @Test
  void aMissingFileMeansDefaultsAndEnvironmentOnly() {
    JsonObject config = ParleyConfig.load(Path.of("no", "such", "file.json"), Map.of("PARLEY_XMPP_RECONNECT_MAX_SECONDS", "30"));
    assertEquals(30, config.getJsonObject("xmpp").getInteger("reconnectMaxSeconds"));
    assertEquals(new JsonObject(), ParleyConfig.section(config, "web"));
  }
}
