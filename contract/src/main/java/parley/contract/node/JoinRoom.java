package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code join-room}: join {@code room} (an address in the network's own form, which its node checks)
 * as {@code nick}; {@code password}: the room's password or channel key, null when it has none.
 */
public record JoinRoom(String room, String nick, String password) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.JOIN_ROOM;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("room", room).put("nick", nick), "password", password);
  }

  /** Fails without a room (INVALID_JID) or a nickname, or with a nickname or password too long. */
  public static JoinRoom fromJson(JsonObject json) {
    return new JoinRoom(RoomFields.room(json), RoomFields.nick(json, true), RoomFields.password(json));
  }

  /** Without the password: a record's own toString would put it in a log. */
  @Override
  public String toString() {
    return "JoinRoom[room=" + room + ", nick=" + nick + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
