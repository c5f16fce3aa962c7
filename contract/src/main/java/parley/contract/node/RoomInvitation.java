package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code room-invitation}: {@code from} invites the account to the group chat {@code room}, with an
 * optional {@code reason} and {@code password} (null when absent); {@code direct}: XEP-0249 (or an IRC
 * INVITE), else through the room (XEP-0045).
 */
public record RoomInvitation(String room, String from, boolean direct, String reason, String password)
    implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.ROOM_INVITATION;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("from", from).put("direct", direct);
    Json.putIf(json, "reason", reason);
    return Json.putIf(json, "password", password);
  }

  /** Fails without a {@code room} or {@code from}, or with a field of the wrong type. */
  public static RoomInvitation fromJson(JsonObject json) {
    return new RoomInvitation(Json.requireRoom(json), Json.requireString(json, "from"),
        Json.optionalBoolean(json, "direct", false), Json.optionalString(json, "reason", null),
        Json.optionalString(json, "password", null));
  }
}
