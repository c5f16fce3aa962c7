package parley.boot;

import java.util.List;

/** A module's settings as a protocol node module declares them (META-INF/services in this test's resources). */
public final class TestNetSettings implements ModuleSettings {
  @Override
  public List<Setting> settings() {
    return List.of(Setting.integer("testnet.pingSeconds", 5, 600).byDefault(60));
  }
}
