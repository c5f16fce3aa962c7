package parley.yahoo;

import java.util.List;
import parley.boot.NodeModuleSettings;
import parley.boot.Setting;

/** The {@code yahoo.*} settings, declared by this module (META-INF/services) so the configuration check knows them. */
public final class YahooSettings extends NodeModuleSettings {
  private static final long MAX_INT = Integer.MAX_VALUE;

  public YahooSettings() {
    super(YahooNetwork.ID);
  }

  @Override
  protected List<Setting> networkSettings() {
    return List.of(
        Setting.integer("yahoo.keepaliveSeconds", 1, MAX_INT).byDefault(60),
        Setting.integer("yahoo.answerTimeoutSeconds", 1, MAX_INT).byDefault(15),
        Setting.integer("yahoo.maxPacketBytes", 1024, 65535).byDefault(32768));
  }
}
