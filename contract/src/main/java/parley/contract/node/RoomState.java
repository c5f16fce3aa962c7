package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code room-state}: the account is in the group chat {@code room} now ({@code joined}, with its
 * {@code nick}, {@code role}, {@code affiliation} and whether it {@code created} the room), or no longer
 * (with the {@code error} that says why when it did not leave of its own accord; null otherwise).
 * Fields absent on the wire are null.
 */
public record RoomState(String room, boolean joined, String nick, String role, String affiliation, Boolean created,
    Failure error) implements NodeEventBody {
  public static final String JOINED = "joined";
  public static final String LEFT = "left";

  public static RoomState joined(String room, String nick, String role, String affiliation, boolean created) {
    return new RoomState(room, true, nick, role, affiliation, created, null);
  }

  /** Out of the room; {@code error} null when the account left of its own accord. */
  public static RoomState left(String room, Failure error) {
    return new RoomState(room, false, null, null, null, null, error);
  }

  @Override
  public String type() {
    return NodeEvent.ROOM_STATE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("state", joined ? JOINED : LEFT);
    Json.putIf(json, "nick", nick);
    Json.putIf(json, "role", role);
    Json.putIf(json, "affiliation", affiliation);
    Json.putIf(json, "created", created);
    return Json.putIf(json, "error", error == null ? null : error.toJson());
  }

  /** Fails without a {@code room}, with a state other than joined or left, or with a field of the wrong type. */
  public static RoomState fromJson(JsonObject json) {
    String room = Json.requireRoom(json);
    String state = Json.requireString(json, "state");
    if (!JOINED.equals(state) && !LEFT.equals(state)) {
      throw Json.invalid("state");
    }
    Boolean created = json.getValue("created") == null ? null : Json.optionalBoolean(json, "created", false);
    return new RoomState(room, JOINED.equals(state), Json.optionalString(json, "nick", null),
        Json.optionalString(json, "role", null), Json.optionalString(json, "affiliation", null), created,
        Failure.optional(json, "error"));
  }
}
