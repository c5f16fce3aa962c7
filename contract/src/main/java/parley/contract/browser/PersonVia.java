package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Json;

/**
 * The {@code via} of {@code person.history} and {@code person.send}: the contact a message to the person
 * goes through ({@code network} null when its account is not known), and {@code why} it was chosen:
 * {@code picked}, {@code last-active} or {@code presence}.
 */
public record PersonVia(String accountId, String jid, String network, String why) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid).put("network", network).put("why", why);
  }

  public static PersonVia fromJson(JsonObject json) {
    return new PersonVia(Json.requireString(json, "accountId"), Json.requireString(json, "jid"),
        EventJson.optionalString(json, "network"), Json.requireString(json, "why"));
  }
}
