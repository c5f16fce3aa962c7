package parley.msn;

import static parley.boot.Setting.integer;
import static parley.boot.Setting.text;

import java.util.List;
import parley.boot.NodeModuleSettings;
import parley.boot.Setting;

/** The {@code msn.*} settings, declared by this module (found by {@link java.util.ServiceLoader}; see README). */
public final class MsnSettings extends NodeModuleSettings {
  private static final int MAX_INT = Integer.MAX_VALUE;

  public MsnSettings() {
    super(MsnNetwork.ID);
  }

  @Override
  protected List<Setting> networkSettings() {
    return List.of(
        integer("msn.answerTimeoutSeconds", 1, MAX_INT).byDefault(30),
        integer("msn.pingSeconds", 5, MAX_INT).byDefault(50),
        integer("msn.switchboardIdleSeconds", 5, MAX_INT).byDefault(300),
        text("msn.loginUrl").byDefault(MsnNodeConfig.DEFAULT_LOGIN_URL),
        text("msn.trustedCertificate"));
  }

  /** The certificate to trust must be readable when the process starts, not found missing at the first TLS connection. */
  @Override
  public List<String> readableFiles() {
    return List.of("msn.trustedCertificate");
  }
}
