package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code room.subject}: set the room's subject; an absent subject clears it (""). */
public record RoomSubject(String accountId, String room, String subject) {
  public static final int MAX_SUBJECT_CHARS = 1000;

  public String type() {
    return BrowserCommand.ROOM_SUBJECT;
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("room", room).put("subject", subject);
  }

  public static RoomSubject fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String room = CommandFields.address(json, "room");
    String subject = CommandFields.optionalString(json, "subject", MAX_SUBJECT_CHARS);
    return new RoomSubject(accountId, room, subject == null ? "" : subject);
  }
}
