package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code room.leave}: out of {@code room}, and no longer joined after a connect. */
public record RoomLeave(String accountId, String room) {
  public String type() {
    return BrowserCommand.ROOM_LEAVE;
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room);
  }

  public static RoomLeave fromJson(JsonObject json) {
    return new RoomLeave(CommandFields.accountId(json), CommandFields.address(json, "room"));
  }
}
