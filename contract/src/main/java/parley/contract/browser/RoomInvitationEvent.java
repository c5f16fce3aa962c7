package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/**
 * {@code room.invitation}: {@code from} invites the account to the group chat {@code room}, to accept
 * (room.join, with {@code password} when the room needs one) or decline; {@code reason} and
 * {@code password} are null when not given, and sent as null. {@link RoomInvitationDeclinedEvent} is the
 * same type's other shape.
 */
public record RoomInvitationEvent(String accountId, String room, String from, String reason, String password,
                                  boolean direct) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROOM_INVITATION;
  }

  /** The invitation without its account, as the session keeps it for the attach reply's room state. */
  public JsonObject invitationJson() {
    return new JsonObject().put("room", room).put("from", from).put("reason", reason).put("password", password)
        .put("direct", direct);
  }

  @Override
  public JsonObject toJson() {
    return invitationJson().put("accountId", accountId);
  }

  /** Fails without {@code accountId}, {@code room}, {@code from} or the boolean {@code direct}. */
  public static RoomInvitationEvent fromJson(JsonObject json) {
    return new RoomInvitationEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "room"),
        EventJson.requireString(json, "from"), EventJson.optionalString(json, "reason"),
        EventJson.optionalString(json, "password"), EventJson.requireBoolean(json, "direct"));
  }
}
