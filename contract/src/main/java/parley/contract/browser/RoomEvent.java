package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code room}: a group chat of the account, whole but for its occupants ({@code room} with {@code room}, {@code nick}, {@code state}, {@code role}, {@code affiliation}, {@code subject}, {@code error}; state joined, left or gone). */
public record RoomEvent(String accountId, JsonObject room) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROOM;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room);
  }

  /** Fails without {@code accountId} or the {@code room} object. */
  public static RoomEvent fromJson(JsonObject json) {
    return new RoomEvent(EventJson.requireString(json, "accountId"), EventJson.requireObject(json, "room"));
  }
}
