package parley.msn;

import static parley.boot.Setting.integer;
import static parley.boot.Setting.text;

import java.util.List;
import parley.boot.ModuleSettings;
import parley.boot.Setting;

/** The {@code msn.*} settings, declared by this module (found by {@link java.util.ServiceLoader}; see README). */
public final class MsnSettings implements ModuleSettings {
  private static final int MAX_INT = Integer.MAX_VALUE;

  @Override
  public List<Setting> settings() {
    return List.of(
        integer("msn.reconnectMinSeconds", 1, MAX_INT).byDefault(1),
        integer("msn.reconnectMaxSeconds", 1, MAX_INT).byDefault(60),
        integer("msn.connectTimeoutSeconds", 1, MAX_INT).byDefault(15),
        integer("msn.answerTimeoutSeconds", 1, MAX_INT).byDefault(30),
        integer("msn.pingSeconds", 5, MAX_INT).byDefault(50),
        integer("msn.switchboardIdleSeconds", 5, MAX_INT).byDefault(300),
        text("msn.loginUrl").byDefault(MsnNodeConfig.DEFAULT_LOGIN_URL),
        text("msn.trustedCertificate"),
        integer("msn.shardBufferSize", 1, MAX_INT).byDefault(10_000),
        integer("msn.shardBufferPerShard", 1, MAX_INT).byDefault(1_000));
  }
}
