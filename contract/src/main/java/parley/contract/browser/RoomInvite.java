package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code room.invite}: invite {@code jid} (an address the session checks) to {@code room}, with an optional reason. */
public record RoomInvite(String accountId, String room, String jid, String reason) {
  public static final int MAX_REASON_CHARS = 500;

  public String type() {
    return BrowserCommand.ROOM_INVITE;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(new JsonObject().put("accountId", accountId).put("room", room).put("jid", jid),
        "reason", reason);
  }

  public static RoomInvite fromJson(JsonObject json) {
    return new RoomInvite(CommandFields.accountId(json), CommandFields.address(json, "room"),
        CommandFields.address(json, "jid"), CommandFields.optionalString(json, "reason", MAX_REASON_CHARS));
  }
}
