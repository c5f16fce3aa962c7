package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code room-subject}: the group chat {@code room}'s subject (empty: none), on joining and when it
 * changes; {@code nick}: who set it, empty or null when unknown.
 */
public record RoomSubject(String room, String subject, String nick) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.ROOM_SUBJECT;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("room", room).put("subject", subject), "nick", nick);
  }

  /** Fails without a {@code room} or {@code subject}, or with a nick that is no string. */
  public static RoomSubject fromJson(JsonObject json) {
    return new RoomSubject(Json.requireRoom(json), Json.requireText(json, "subject"),
        Json.optionalString(json, "nick", null));
  }
}
