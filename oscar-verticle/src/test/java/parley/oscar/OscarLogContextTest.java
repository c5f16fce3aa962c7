package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an AIM account logs while it signs on, in callbacks of its own sockets long after the
 * connect command was handled, carries its user, account and node ids; nothing else does.
 */
class OscarLogContextTest extends AgainstTestServer {

  @Test
  void anAccountsLinesCarryItsIds() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger oscar = (Logger) LoggerFactory.getLogger("parley.oscar");
    lines.start();
    oscar.addAppender(lines);
    try {
      String alice = newUser("Alice");
      String account = signOn(alice);
      ILoggingEvent signedOn = lines.list.stream()
          .filter(e -> e.getFormattedMessage().startsWith("Account " + account + " signed on")).findFirst().orElse(null);
      assertNotNull(signedOn, "no sign-on line: " + lines.list);
      Map<String, String> ids = signedOn.getMDCPropertyMap();
      assertEquals(account, ids.get("accountId"));
      assertEquals("user-" + account, ids.get("userId"));
      assertTrue(ids.get("nodeId") != null && !ids.get("nodeId").isBlank(), ids.toString());
    } finally {
      oscar.detachAppender(lines);
    }
  }
}
