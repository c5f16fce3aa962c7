package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code room}: a group chat of the account, whole but for its occupants (state joined, left or gone). */
public record RoomEvent(String accountId, RoomView room) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROOM;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room.toJson());
  }

  /** Fails without {@code accountId} or the {@code room} object, or with one that is not a room. */
  public static RoomEvent fromJson(JsonObject json) {
    return new RoomEvent(EventJson.requireString(json, "accountId"), RoomView.fromJson(EventJson.requireObject(json, "room")));
  }
}
