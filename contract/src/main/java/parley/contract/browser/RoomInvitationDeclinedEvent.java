package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code room.invitation} with {@code "declined": true}: the invitation to {@code room} was declined on one of the user's pages and is gone from every page. */
public record RoomInvitationDeclinedEvent(String accountId, String room) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROOM_INVITATION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room).put("declined", true);
  }

  /** Fails without {@code accountId} or {@code room}, or without {@code "declined": true}. */
  public static RoomInvitationDeclinedEvent fromJson(JsonObject json) {
    if (!EventJson.requireBoolean(json, "declined")) {
      throw EventJson.invalid("declined");
    }
    return new RoomInvitationDeclinedEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "room"));
  }
}
