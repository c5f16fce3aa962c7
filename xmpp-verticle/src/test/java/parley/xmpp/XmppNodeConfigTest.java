package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class XmppNodeConfigTest {

  @Test
  void defaultsWhenTheSectionIsMissing() {
    XmppNodeConfig config = XmppNodeConfig.from(null);
    assertEquals(1, config.reconnectMinSeconds());
    assertEquals(60, config.reconnectMaxSeconds());
    assertEquals(15, config.connectTimeoutSeconds());
    assertEquals(65_536, config.maxQueuedBytes());
    assertEquals(((Number) parley.boot.Settings.byName().get("xmpp.maxQueuedBytes").defaultValue()).intValue(),
        config.maxQueuedBytes(), "the default the settings table names");
    assertEquals(4096, XmppNodeConfig.from(new JsonObject().put("maxQueuedBytes", 10)).maxQueuedBytes(), "at least 4 KiB");
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    XmppNodeConfig config = XmppNodeConfig.from(new JsonObject().put("reconnectMinSeconds", 2).put("reconnectMaxSeconds", 20));
    assertEquals(2, config.backoffSeconds(0));
    assertEquals(4, config.backoffSeconds(1));
    assertEquals(16, config.backoffSeconds(3));
    assertEquals(20, config.backoffSeconds(4));
    assertEquals(20, config.backoffSeconds(100));
  }

  @Test
  void tlsEngineIsOpenSslByDefaultJdkOnRequestAndNothingElse() {
    assertEquals("openssl", XmppNodeConfig.from(null).tlsEngine());
    assertEquals("jdk", XmppNodeConfig.from(new JsonObject().put("tlsEngine", "jdk")).tlsEngine());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> XmppNodeConfig.from(new JsonObject().put("tlsEngine", "gnutls")));
    assertEquals("xmpp.tlsEngine must be openssl or jdk, not gnutls", e.getMessage());
  }
}
