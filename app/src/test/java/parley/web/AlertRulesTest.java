package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}; Debian's prometheus package, which ./parley installs). That they use only metrics Parley exposes is checked against a real
 * scrape in {@link MetricsAllInOneTest}.
 */
class AlertRulesTest {
  private static final Pattern PARLEY_METRIC = Pattern.compile("\\bparley_[a-z0-9_]+\\b");

  record Result(int exit, String output) {}

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Result check = run(List.of("promtool", "check", "rules", MetricsAllInOneTest.RULES.toString()), null);
    assertEquals(0, check.exit(), check.output());
    assertTrue(check.output().contains("SUCCESS"), check.output());
  }

  /** conf/prometheus/parley-rules.test.yml: each alert fires on its failure, with its labels and sentences. */
  @Test
  void eachAlertFiresOnItsFailure() throws Exception {
    Result test = run(List.of("promtool", "test", "rules",
        MetricsAllInOneTest.RULES.resolveSibling("parley-rules.test.yml").toString()), null);
    assertEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("SUCCESS"), test.output());
  }

  @Test
  void theRulesAlertOnWhatOperatorsNeed() throws IOException {
    Set<String> used = metricNames(MetricsAllInOneTest.RULES);
    assertTrue(used.containsAll(Set.of("parley_readiness", "parley_im_sessions", "parley_logins_total",
        "parley_storage_buffered", "parley_usage_outbox_oldest_seconds", "parley_usage_outbox_records",
        "parley_billing_quarantined_total")), used.toString());
  }

  /** The Parley metric names the rules' expressions use (comments and annotations are not expressions). */
  static Set<String> metricNames(Path rules) throws IOException {
    Set<String> names = new TreeSet<>();
    boolean inExpr = false;
    for (String line : Files.readAllLines(rules, StandardCharsets.UTF_8)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.startsWith("expr:")) {
        inExpr = true;
      } else if (trimmed.matches("^-?\\s*[a-z_]+:.*")) {
        inExpr = false;
      }
      if (inExpr) {
        Matcher m = PARLEY_METRIC.matcher(trimmed);
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  /** Runs a command (with {@code stdin} as its input when given), bounded in time. */
  static Result run(List<String> command, Path stdin) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
