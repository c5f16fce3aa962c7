package parley.irc;

import static parley.boot.Setting.integer;
import static parley.boot.Setting.text;

import java.util.List;
import parley.boot.NodeModuleSettings;
import parley.boot.Setting;

/**
 * The {@code irc} section as the configuration check knows it (found by ServiceLoader through
 * META-INF/services/parley.boot.ModuleSettings); described in this module's README. The node reads
 * the section in {@link IrcNodeConfig}, whose defaults these name.
 */
public final class IrcSettings extends NodeModuleSettings {
  private static final long MAX_INT = Integer.MAX_VALUE;

  public IrcSettings() {
    super(IrcNetwork.ID);
  }

  @Override
  protected List<Setting> networkSettings() {
    return List.of(
        integer("irc.pingSeconds", 5, MAX_INT).byDefault(90),
        integer("irc.answerTimeoutSeconds", 1, MAX_INT).byDefault(30),
        integer("irc.maxSendHoldSeconds", 1, MAX_INT).byDefault(8),
        integer("irc.floodLineMs", 0, MAX_INT).byDefault(2000),
        integer("irc.floodBurstLines", 1, MAX_INT).byDefault(5),
        integer("irc.maxLinesPerMessage", 1, 100).byDefault(5),
        text("irc.trustedCertificate"));
  }

  /** The certificate to trust must be readable when the process starts, not found missing at the first TLS connection. */
  @Override
  public List<String> readableFiles() {
    return List.of("irc.trustedCertificate");
  }
}
