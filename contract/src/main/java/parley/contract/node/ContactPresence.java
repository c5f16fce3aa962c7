package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;
import parley.contract.Presence;

/** {@code presence}: a contact's presence; {@code show} is {@link Presence#OFFLINE} when it is not available. */
public record ContactPresence(String jid, boolean available, String show, String status) implements NodeEventBody {
  public static ContactPresence offline(String jid) {
    return new ContactPresence(jid, false, Presence.OFFLINE, "");
  }

  @Override
  public String type() {
    return NodeEvent.PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid).put("available", available).put("show", show).put("status", status);
  }

  /**
   * Fails without {@code jid} or with a field of the wrong type. As the contract always read it: absent
   * {@code available} is false, absent {@code show} is available or offline after it, absent {@code status} empty.
   */
  public static ContactPresence fromJson(JsonObject json) {
    String jid = Json.requireString(json, "jid");
    boolean available = Json.optionalBoolean(json, "available", false);
    String show = Json.optionalString(json, "show", available ? Presence.AVAILABLE : Presence.OFFLINE);
    return new ContactPresence(jid, available, available ? show : Presence.OFFLINE, Json.optionalString(json, "status", ""));
  }
}
