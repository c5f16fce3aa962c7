package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.boot.Setting;
import parley.boot.Settings;
import parley.nodekit.ProtocolNodeVerticle;
import parley.oscar.OscarNodeConfig;
import parley.xmpp.XmppNodeConfig;

/** The defaults the schema tells operators are the ones the protocol nodes apply. */
class SettingDefaultsTest {
  private static final Map<String, Setting> SETTINGS = Settings.byName();

  @Test
  void theNodesApplyTheDefaultsTheSchemaNames() {
    XmppNodeConfig xmpp = XmppNodeConfig.from(new JsonObject());
    assertDefault("xmpp.reconnectMinSeconds", xmpp.reconnectMinSeconds());
    assertDefault("xmpp.reconnectMaxSeconds", xmpp.reconnectMaxSeconds());
    assertDefault("xmpp.connectTimeoutSeconds", xmpp.connectTimeoutSeconds());
    assertDefault("xmpp.pingIntervalSeconds", xmpp.pingIntervalSeconds());
    assertDefault("xmpp.maxLoginsInProgress", xmpp.maxLoginsInProgress());

    OscarNodeConfig oscar = OscarNodeConfig.from(new JsonObject());
    assertDefault("oscar.reconnectMinSeconds", oscar.reconnectMinSeconds());
    assertDefault("oscar.reconnectMaxSeconds", oscar.reconnectMaxSeconds());
    assertDefault("oscar.connectTimeoutSeconds", oscar.connectTimeoutSeconds());
    assertDefault("oscar.keepaliveSeconds", oscar.keepaliveSeconds());
    assertDefault("oscar.maxSendHoldSeconds", oscar.maxSendHoldSeconds());
    assertDefault("oscar.answerTimeoutSeconds", oscar.answerTimeoutSeconds());
    assertEquals(SETTINGS.get("oscar.aimLogin").defaultValue(), oscar.aimLogin());

    // The IRC module checks its own (irc-verticle's IrcSettingsTest).

    // Read by the node kit, the same for every network.
    assertDefault("xmpp.shardBufferSize", ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_SIZE);
    assertDefault("oscar.shardBufferSize", ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_SIZE);
    assertDefault("xmpp.shardBufferPerShard", ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_PER_SHARD);
    assertDefault("oscar.shardBufferPerShard", ProtocolNodeVerticle.DEFAULT_SHARD_BUFFER_PER_SHARD);
  }

  private static void assertDefault(String name, long applied) {
    assertEquals(((Number) SETTINGS.get(name).defaultValue()).longValue(), applied, name);
  }
}
