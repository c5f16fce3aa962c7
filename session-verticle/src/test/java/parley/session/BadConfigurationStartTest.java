package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static void assertRefusedWith(Path config, Map<String, String> env, String sentence) throws Exception {
    Path out = Files.createTempFile("parley-session", ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), config.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop within a minute");
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
      assertEquals(2, process.exitValue(), "exit code; output: " + lines);
      assertEquals(1, lines.size(), "one line, no stack trace: " + lines);
      assertTrue(lines.get(0).endsWith(sentence), lines.get(0));
      assertTrue(lines.get(0).contains("ERROR"), lines.get(0));
    } finally {
      process.destroyForcibly();
    }
  }
}
