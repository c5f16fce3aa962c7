package parley.boot;

import java.util.List;

/** A module's settings as a protocol node module declares them (META-INF/services in this test's resources). */
public final class TestNetSettings extends NodeModuleSettings {
  public TestNetSettings() {
    super("testnet");
  }

  @Override
  protected List<Setting> networkSettings() {
    return List.of(Setting.integer("testnet.pingSeconds", 5, 600).byDefault(60));
  }
}
