package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeCommand;

/**
 * {@code send-room-message}: {@code text} to the room {@code room}; {@code messageId}: the history id
 * the room's reflection carries back, null when absent.
 */
public record SendRoomMessage(String room, String text, String messageId) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_ROOM_MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("room", room).put("text", text), "messageId", messageId);
  }

  /** Fails without a room (INVALID_JID) or text, or with a text longer than the contract allows. */
  public static SendRoomMessage fromJson(JsonObject json) {
    String room = RoomFields.room(json);
    String text = Json.requireString(json, "text");
    if (text.length() > Limits.MAX_TEXT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception(null);
    }
    return new SendRoomMessage(room, text, Json.optionalString(json, "messageId", null));
  }
}
