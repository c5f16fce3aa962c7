package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;

/** {@code set-room-subject}: the room's subject (IRC: the channel's topic); empty clears it. */
public record SetRoomSubject(String room, String subject) implements NodeCommandBody {
  /** Longest subject a room is given. */
  public static final int MAX_SUBJECT_CHARS = 1000;

  @Override
  public String type() {
    return NodeCommand.SET_ROOM_SUBJECT;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("subject", subject);
  }

  /** Fails without a room (INVALID_JID) or with a subject too long; an absent subject reads as empty. */
  public static SetRoomSubject fromJson(JsonObject json) {
    String room = RoomFields.room(json);
    String subject = Json.optionalString(json, "subject", "");
    if (subject.length() > MAX_SUBJECT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception("A room's subject may have at most " + MAX_SUBJECT_CHARS + " characters.");
    }
    return new SetRoomSubject(room, subject);
  }
}
