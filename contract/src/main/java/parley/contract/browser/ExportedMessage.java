package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/**
 * A message of a {@code history.export} page: the stored message with its account's {@code network}
 * and {@code account} (login), null when the account is not known, so the export names them.
 */
public record ExportedMessage(StoredMessage message, String network, String account) {
  public JsonObject toJson() {
    return message.toJson().put("network", network).put("account", account);
  }

  public static ExportedMessage fromJson(JsonObject json) {
    return new ExportedMessage(StoredMessage.fromJson(json), EventJson.optionalString(json, "network"),
        EventJson.optionalString(json, "account"));
  }
}
