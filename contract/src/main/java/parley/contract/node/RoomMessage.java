package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code room-message}: {@code nick} said {@code text} in the group chat {@code room} (an empty nick: the
 * server or the channel itself). {@code ts}: when, null when unknown; {@code delayed}: from the room's
 * history; {@code messageId}: the account's own message sent with {@code send-room-message}, reflected by
 * the room (a history id); the ids are null when absent or too long to keep.
 */
public record RoomMessage(String room, String nick, String text, Long ts, String stanzaId, boolean delayed,
    String messageId, String remoteId) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.ROOM_MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("nick", nick).put("text", text);
    Json.putIf(json, "ts", ts);
    Json.putIf(json, "stanzaId", stanzaId);
    if (delayed) {
      json.put("delayed", true);
    }
    Json.putIf(json, "messageId", messageId);
    return Json.putIf(json, "remoteId", remoteId);
  }

  /**
   * Fails without a {@code room}, {@code nick} or {@code text}, with a {@code messageId} that is no history
   * id, or with a field of the wrong type; a room or peer id too long to keep is left out.
   */
  public static RoomMessage fromJson(JsonObject json) {
    String room = Json.requireRoom(json);
    String nick = Json.requireText(json, "nick");
    String text = Json.requireText(json, "text");
    String messageId = Json.optionalString(json, "messageId", null);
    if (messageId != null && !messageId.matches("[0-9]{1,18}")) {
      throw Json.invalid("messageId");
    }
    return new RoomMessage(room, nick, text, Json.optionalLong(json, "ts"),
        Json.boundedId(json, "stanzaId", MessageReceived.MAX_ARCHIVE_ID_CHARS),
        Json.optionalBoolean(json, "delayed", false), messageId,
        Json.boundedId(json, "remoteId", MessageReceived.MAX_PEER_ID_CHARS));
  }
}
