package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code room-occupant}: {@code nick} came to the group chat {@code room} or changed ({@code available}),
 * or went; the other fields are null when the node does not know them (always, for one who went).
 */
public record RoomOccupant(String room, String nick, boolean available, String role, String affiliation, String jid,
    String show, String status) implements NodeEventBody {
  /** {@code nick} went. */
  public static RoomOccupant gone(String room, String nick) {
    return new RoomOccupant(room, nick, false, null, null, null, null, null);
  }

  @Override
  public String type() {
    return NodeEvent.ROOM_OCCUPANT;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("nick", nick).put("available", available);
    Json.putIf(json, "role", role);
    Json.putIf(json, "affiliation", affiliation);
    Json.putIf(json, "jid", jid);
    Json.putIf(json, "show", show);
    return Json.putIf(json, "status", status);
  }

  /** Fails without a {@code room} or {@code nick}, or with a field of the wrong type; absent available: went. */
  public static RoomOccupant fromJson(JsonObject json) {
    return new RoomOccupant(Json.requireRoom(json), Json.requireString(json, "nick"),
        Json.optionalBoolean(json, "available", false), Json.optionalString(json, "role", null),
        Json.optionalString(json, "affiliation", null), Json.optionalString(json, "jid", null),
        Json.optionalString(json, "show", null), Json.optionalString(json, "status", null));
  }
}
