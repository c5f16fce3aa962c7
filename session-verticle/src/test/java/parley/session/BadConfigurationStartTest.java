package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session process ({@link Main} in a JVM of its own) given a bad setting ends at once with
 * exit code 2 and one line naming the setting, before it opens a database or joins a cluster.
 */
class BadConfigurationStartTest {

  @Test
  void aTypoInTheFileStopsTheProcessWithOneLine() throws Exception {
    Path config = Files.createTempFile("parley-bad", ".json");
    Files.writeString(config, "{\"session\": {\"idleTimoutSeconds\": 60}}");
    assertRefusedWith(config, Map.of(),
        "Session cannot start: session.idleTimoutSeconds is not a Parley setting; did you mean session.idleTimeoutSeconds?");
  }

  @Test
  void aBadEnvironmentValueStopsTheProcessWithOneLine() throws Exception {
    Path config = Files.createTempFile("parley-good", ".json");
    Files.writeString(config, "{\"session\": {\"idleTimeoutSeconds\": 60}}");
    assertRefusedWith(config, Map.of("PARLEY_XMPP_RECONNECT_MIN_SECONDS", "120"),
        "Session cannot start: xmpp.reconnectMinSeconds (120) must not be above xmpp.reconnectMaxSeconds (60)");
  }

  @Test
  void withJsonLogsTheLineIsOneJsonObject() throws Exception {
    Path config = Files.createTempFile("parley-bad", ".json");
    Files.writeString(config, "{\"web\": {\"port\": 70000}}");
    String line = assertRefusedWith(config, Map.of("PARLEY_LOG_FORMAT", "json"),
        "Session cannot start: web.port must be a whole number from 0 to 65535, not 70000\"");
    JsonObject json = new JsonObject(line);
    assertEquals("ERROR", json.getString("level"));
    assertEquals("Session cannot start: web.port must be a whole number from 0 to 65535, not 70000", json.getString("message"));
  }

  @Test
  void anUnknownLogFormatIsStillSaid() throws Exception {
    Path config = Files.createTempFile("parley-good", ".json");
    Files.writeString(config, "{}");
    Path out = Files.createTempFile("parley-session", ".log");
    Process process = start(config, Map.of("PARLEY_LOG_FORMAT", "xml"), out);
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop within a minute");
      String output = Files.readString(out);
      assertEquals(2, process.exitValue(), output);
      assertTrue(output.contains("Session cannot start: PARLEY_LOG_FORMAT (log.format) must be one of plain, json, not 'xml'"), output);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String assertRefusedWith(Path config, Map<String, String> env, String sentence) throws Exception {
    Path out = Files.createTempFile("parley-session", ".log");
    Process process = start(config, env, out);
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop within a minute");
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
      assertEquals(2, process.exitValue(), "exit code; output: " + lines);
      assertEquals(1, lines.size(), "one line, no stack trace: " + lines);
      assertTrue(lines.get(0).contains(sentence), lines.get(0));
      assertTrue(lines.get(0).contains("ERROR"), lines.get(0));
      return lines.get(0);
    } finally {
      process.destroyForcibly();
    }
  }

  /** {@link Main} in a JVM of its own with this test's classpath, no PARLEY_ variables but {@code env}. */
  private static Process start(Path config, Map<String, String> env, Path out) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), config.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    return builder.start();
  }
}
