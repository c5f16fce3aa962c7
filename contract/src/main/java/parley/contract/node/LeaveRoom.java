package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code leave-room}: leave {@code room} (an address in the network's own form, which its node checks). */
public record LeaveRoom(String room) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.LEAVE_ROOM;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("room", room);
  }

  /** Fails without a room (INVALID_JID). */
  public static LeaveRoom fromJson(JsonObject json) {
    return new LeaveRoom(RoomFields.room(json));
  }
}
