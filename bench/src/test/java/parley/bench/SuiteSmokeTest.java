package parley.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parley.xmpp.testing.ProsodyServer;

/** The suite's quick mode with tiny numbers, so that it cannot rot. Figures are never asserted. */
class SuiteSmokeTest {
  @Test
  @Timeout(90)
  void quickModeRunsAndPrintsItsTable(@TempDir Path dir) throws Exception {
    assumeTrue(ProsodyServer.isInstalled(), "needs Prosody");
    System.setProperty("java.awt.headless", "true");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SuiteOptions options = SuiteOptions.parse("--quick", "--users", "2", "--rates", "10", "--warmup", "1",
        "--warmup-max", "2", "--duration", "1", "--rampup", "0", "--sessions", "4", "--backlog", "3", "--out", dir.toString());
    new Suite(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    String table = printed.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains(Suite.TABLE_TITLE), table);
    assertTrue(table.contains("| 10 | Parley |") && table.contains("| 10 | direct |"), table);
    assertTrue(table.contains("warm-up: Parley "), table);
    assertTrue(Files.size(dir.resolve("suite-latency.png")) > 0);
    assertTrue(Files.size(dir.resolve("suite-comparison.png")) > 0);
  }
}
