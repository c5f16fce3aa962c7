package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/** A message of a person's timeline ({@code person.history}): the stored message with its account's {@code network} (null when not known). */
public record PersonMessage(StoredMessage message, String network) {
  public JsonObject toJson() {
    return message.toJson().put("network", network);
  }

  public static PersonMessage fromJson(JsonObject json) {
    return new PersonMessage(StoredMessage.fromJson(json), EventJson.optionalString(json, "network"));
  }
}
