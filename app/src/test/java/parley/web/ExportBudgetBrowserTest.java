package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.web.testing.Browser;
import parley.web.testing.ParleyPage;
import parley.web.testing.WebStack;

/**
 * An export refused by its budget, in real headless Chromium against the session and web verticles on a
 * real PostgreSQL: the session allows a burst of three exports (session.exportsPerHour at its default);
 * the first three download, and the fourth is not a silently failed download: the page says why, in the
 * session's words.
 */
@Timeout(180)
class ExportBudgetBrowserTest {
  private static WebStack stack;
  private static Path downloads;

  @BeforeAll
  static void start() throws Exception {
    stack = new WebStack(new JsonObject());
    downloads = Files.createTempDirectory("parley-downloads");
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (downloads != null) {
      try (Stream<Path> files = Files.walk(downloads)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theExportPastTheBudgetSaysWhyAndThePermittedOnesDownload() throws Exception {
    try (Browser browser = new Browser(downloads)) {
      ParleyPage alice = new ParleyPage(browser, stack.port).open();
      alice.signUp("alice", "alice-parley-pw");
      for (int i = 1; i <= 3; i++) {
        browser.visible("#export-all-txt").click();
        // Each saved whole, then removed: the next one has the same name.
        Path saved = browser.waitFor("export " + i + " downloaded", d -> finished().stream().findFirst().orElse(null));
        assertTrue(Files.readString(saved, StandardCharsets.UTF_8).startsWith("Parley history of alice, exported "));
        Files.delete(saved);
        assertEquals("", browser.script("return document.querySelector('.export-error').textContent"),
            "nothing said about a permitted export");
      }
      browser.visible("#export-all-txt").click();
      browser.text(".export-error", "Too many exports lately; wait a few minutes and export again.");
      Thread.sleep(1000); // time for a download to land, if one were coming
      assertEquals(List.of(), finished(), "the refused export saved nothing");
      browser.screenshot("export-refused");
    }
  }

  /** The finished downloads (Chromium writes a partial one under another name first, and renames it when whole). */
  private static List<Path> finished() {
    try (Stream<Path> files = Files.list(downloads)) {
      return files.filter(p -> p.getFileName().toString().startsWith("parley-history-") && p.getFileName().toString().endsWith(".txt"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
