package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/**
 * Someone in a group chat as the page shows them: {@code nick} and whether they are {@code available}
 * (false: they went); the other fields are left out when unknown.
 */
public record OccupantView(String nick, boolean available, String role, String affiliation, String jid, String show,
    String status) {
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("nick", nick).put("available", available);
    CommandFields.putIf(json, "role", role);
    CommandFields.putIf(json, "affiliation", affiliation);
    CommandFields.putIf(json, "jid", jid);
    CommandFields.putIf(json, "show", show);
    return CommandFields.putIf(json, "status", status);
  }

  /** Fails without {@code nick} or {@code available}, or with a field of the wrong type. */
  public static OccupantView fromJson(JsonObject json) {
    return new OccupantView(EventJson.requireString(json, "nick"), EventJson.requireBoolean(json, "available"),
        EventJson.optionalString(json, "role"), EventJson.optionalString(json, "affiliation"),
        EventJson.optionalString(json, "jid"), EventJson.optionalString(json, "show"),
        EventJson.optionalString(json, "status"));
  }
}
