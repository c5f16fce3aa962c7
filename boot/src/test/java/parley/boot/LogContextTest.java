package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The ids are there while the work runs and gone after it, even when it throws or nests. */
class LogContextTest {
  @Test
  void idsAreSetAroundTheWorkAndNeverLeftBehind() {
    List<String> seen = new ArrayList<>();
    LogContext.of("u1", "a1", null).run(() -> {
      seen.add(MDC.get("userId") + "/" + MDC.get("accountId") + "/" + MDC.get("nodeId"));
      LogContext.of("u1", "a2", "n1").run(() -> seen.add(MDC.get("userId") + "/" + MDC.get("accountId") + "/" + MDC.get("nodeId")));
      seen.add(MDC.get("userId") + "/" + MDC.get("accountId") + "/" + MDC.get("nodeId"));
    });
    assertEquals(List.of("u1/a1/null", "u1/a2/n1", "u1/a1/null"), seen);
    assertNull(MDC.get("userId"));
    assertNull(MDC.get("accountId"));
    assertNull(MDC.get("nodeId"));

    assertThrows(IllegalStateException.class, () -> LogContext.user("u2").wrap(v -> {
      throw new IllegalStateException("boom");
    }).handle(null));
    assertNull(MDC.get("userId"), "a handler that throws leaves no id behind");
  }
}
