package parley.contract.node;

import io.vertx.core.json.JsonObject;

/**
 * A node's answer to {@code join-room} ({@link JoinRoom}): the account is in {@code room} as
 * {@code nick} (the room may have changed the one asked for); {@code created}: the room was new.
 */
public record RoomJoined(String room, String nick, boolean created) {
  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("nick", nick).put("created", created);
  }

  /** Fails without {@code room} (at most 3071 characters), {@code nick} or a boolean {@code created}. */
  public static RoomJoined fromJson(JsonObject json) {
    return new RoomJoined(Json.requireRoom(json), Json.requireString(json, "nick"), Json.requireBoolean(json, "created"));
  }
}
