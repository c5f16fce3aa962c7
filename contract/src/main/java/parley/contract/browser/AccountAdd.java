package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import parley.contract.BrowserCommand;
import parley.contract.NetworkDescriptor;

/**
 * {@code account.add}: an IM account on {@code network} (null: the default network) with its
 * {@code login} as typed (the session checks it by the network's rule) and {@code password}; {@code
 * host} and {@code port} null when absent (the network's descriptor says which it needs); {@code tls}
 * null when absent (the network's default). {@link #toString()} never shows the password.
 */
public record AccountAdd(String network, String login, String password, String host, Integer port, String tls) {
  static final Set<String> TLS = Set.of(NetworkDescriptor.TLS_REQUIRED, NetworkDescriptor.TLS_IF_OFFERED);

  public JsonObject toJson() {
    JsonObject json = CommandFields.putIf(CommandFields.command(BrowserCommand.ACCOUNT_ADD), "network", network);
    json.put("login", login).put("password", password);
    CommandFields.putIf(json, "host", host);
    CommandFields.putIf(json, "port", port);
    return CommandFields.putIf(json, "tls", tls);
  }

  /** Fails without a login or password, with a port outside 1-65535 or a tls other than required or if-offered. */
  public static AccountAdd fromJson(JsonObject json) {
    return new AccountAdd(CommandFields.optionalString(json, "network", 64), CommandFields.address(json, "login"),
        CommandFields.string(json, "password", CommandFields.MAX_PASSWORD_FIELD_CHARS), CommandFields.host(json),
        CommandFields.optionalPort(json, "port"), CommandFields.optionalOneOf(json, "tls", TLS));
  }

  @Override
  public String toString() {
    return "AccountAdd[network=" + network + ", login=" + login + ", password=(hidden), host=" + host + ", port=" + port
        + ", tls=" + tls + "]";
  }
}
