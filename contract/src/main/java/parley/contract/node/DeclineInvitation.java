package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code decline-invitation}: decline the invitation to {@code room} from {@code jid} (the inviter); {@code reason} optional. */
public record DeclineInvitation(String room, String jid, String reason) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.DECLINE_INVITATION;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("room", room).put("jid", jid), "reason", reason);
  }

  /** Fails without a room or a jid (INVALID_JID), or with a reason too long. */
  public static DeclineInvitation fromJson(JsonObject json) {
    return new DeclineInvitation(RoomFields.room(json), RoomFields.jid(json, "who sent the invitation"), RoomFields.reason(json));
  }
}
