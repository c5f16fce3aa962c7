package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code room.occupant}: someone in the group chat {@code room} came, changed or went ({@code available} false). */
public record RoomOccupantEvent(String accountId, String room, OccupantView occupant) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROOM_OCCUPANT;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room).put("occupant", occupant.toJson());
  }

  /** Fails without {@code accountId}, {@code room} or the {@code occupant} object, or with one that is not an occupant. */
  public static RoomOccupantEvent fromJson(JsonObject json) {
    return new RoomOccupantEvent(EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "room"),
        OccupantView.fromJson(EventJson.requireObject(json, "occupant")));
  }
}
