package parley.yahoo;

import java.util.List;
import parley.boot.ModuleSettings;
import parley.boot.Setting;

/** The {@code yahoo.*} settings, declared by this module (META-INF/services) so the configuration check knows them. */
public final class YahooSettings implements ModuleSettings {
  private static final long MAX_INT = Integer.MAX_VALUE;

  @Override
  public List<Setting> settings() {
    return List.of(
        Setting.integer("yahoo.reconnectMinSeconds", 1, MAX_INT).byDefault(1),
        Setting.integer("yahoo.reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
        Setting.integer("yahoo.connectTimeoutSeconds", 1, MAX_INT).byDefault(15),
        Setting.integer("yahoo.keepaliveSeconds", 1, MAX_INT).byDefault(60),
        Setting.integer("yahoo.answerTimeoutSeconds", 1, MAX_INT).byDefault(15),
        Setting.integer("yahoo.maxPacketBytes", 1024, 65535).byDefault(32768),
        Setting.integer("yahoo.shardBufferSize", 1, MAX_INT).byDefault(10_000),
        Setting.integer("yahoo.shardBufferPerShard", 1, MAX_INT).byDefault(1_000));
  }
}
