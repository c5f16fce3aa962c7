package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code account.update}: changes what the page names of account {@code accountId}, keeps the rest.
 * {@code login}, {@code password} and {@code tls} null: kept. {@code host} and {@code port} are
 * changed when {@code setsHost} / {@code setsPort} (the page sent the field), to null when it sent
 * null or "" (no host: found in DNS). {@link #toString()} never shows the password.
 */
public record AccountUpdate(String accountId, String login, String password, boolean setsHost, String host,
    boolean setsPort, Integer port, String tls) {

  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.ACCOUNT_UPDATE).put("accountId", accountId);
    CommandFields.putIf(json, "login", login);
    CommandFields.putIf(json, "password", password);
    if (setsHost) {
      json.put("host", host);
    }
    if (setsPort) {
      json.put("port", port);
    }
    return CommandFields.putIf(json, "tls", tls);
  }

  /** Fails without an account id, with a login given but empty, a port outside 1-65535 or a tls other than required or if-offered. */
  public static AccountUpdate fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String login = json.containsKey("login") ? CommandFields.address(json, "login") : null;
    String password = CommandFields.optionalString(json, "password", CommandFields.MAX_PASSWORD_FIELD_CHARS);
    boolean setsHost = json.containsKey("host");
    String host = setsHost ? CommandFields.host(json) : null;
    boolean setsPort = json.containsKey("port");
    Integer port = setsPort ? CommandFields.optionalPort(json, "port") : null;
    String tls = json.containsKey("tls") ? CommandFields.oneOf(json, "tls", AccountAdd.TLS) : null;
    return new AccountUpdate(accountId, login, password == null || password.isEmpty() ? null : password,
        setsHost, host, setsPort, port, tls);
  }

  @Override
  public String toString() {
    return "AccountUpdate[accountId=" + accountId + ", login=" + login + ", password="
        + (password == null ? "kept" : "(hidden)") + ", host=" + (setsHost ? host : "kept") + ", port="
        + (setsPort ? port : "kept") + ", tls=" + tls + "]";
  }
}
