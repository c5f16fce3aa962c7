package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code room.decline}: decline the invitation to {@code room} from {@code jid}, with an optional reason. */
public record RoomDecline(String accountId, String room, String jid, String reason) {
  public static final int MAX_REASON_CHARS = 500;

  public String type() {
    return BrowserCommand.ROOM_DECLINE;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(new JsonObject().put("accountId", accountId).put("room", room).put("jid", jid),
        "reason", reason);
  }

  public static RoomDecline fromJson(JsonObject json) {
    return new RoomDecline(CommandFields.accountId(json), CommandFields.address(json, "room"),
        CommandFields.address(json, "jid"), CommandFields.optionalString(json, "reason", MAX_REASON_CHARS));
  }
}
