package parley.irc;

import static parley.boot.Setting.integer;
import static parley.boot.Setting.text;

import java.util.List;
import parley.boot.ModuleSettings;
import parley.boot.Setting;

/**
 * The {@code irc} section as the configuration check knows it (found by ServiceLoader through
 * META-INF/services/parley.boot.ModuleSettings); described in this module's README. The node reads
 * the section in {@link IrcNodeConfig}, whose defaults these name.
 */
public final class IrcSettings implements ModuleSettings {
  private static final long MAX_INT = Integer.MAX_VALUE;

  @Override
  public List<Setting> settings() {
    return List.of(
        integer("irc.reconnectMinSeconds", 1, MAX_INT).byDefault(1),
        integer("irc.reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
        integer("irc.connectTimeoutSeconds", 1, MAX_INT).byDefault(15),
        integer("irc.pingSeconds", 5, MAX_INT).byDefault(90),
        integer("irc.answerTimeoutSeconds", 1, MAX_INT).byDefault(30),
        integer("irc.maxSendHoldSeconds", 1, MAX_INT).byDefault(8),
        integer("irc.floodLineMs", 0, MAX_INT).byDefault(2000),
        integer("irc.floodBurstLines", 1, MAX_INT).byDefault(5),
        integer("irc.maxLinesPerMessage", 1, 100).byDefault(5),
        text("irc.trustedCertificate"),
        integer("irc.shardBufferSize", 1, MAX_INT).byDefault(10_000),
        integer("irc.shardBufferPerShard", 1, MAX_INT).byDefault(1_000));
  }

  @Override
  public List<List<String>> notAbove() {
    return List.of(List.of("irc.reconnectMinSeconds", "irc.reconnectMaxSeconds"));
  }
}
