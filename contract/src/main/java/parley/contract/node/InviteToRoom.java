package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code invite-to-room}: invite {@code jid} (an address in the network's own form) to {@code room}; {@code reason} optional. */
public record InviteToRoom(String room, String jid, String reason) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.INVITE_TO_ROOM;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("room", room).put("jid", jid), "reason", reason);
  }

  /** Fails without a room or a jid (INVALID_JID), or with a reason too long. */
  public static InviteToRoom fromJson(JsonObject json) {
    return new InviteToRoom(RoomFields.room(json), RoomFields.jid(json, "whom to invite"), RoomFields.reason(json));
  }
}
