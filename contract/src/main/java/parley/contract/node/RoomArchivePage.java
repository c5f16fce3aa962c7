package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A node's answer to {@code room-archive-query} ({@link RoomArchiveQuery}): the page's messages from
 * the room's own archive, oldest first, and whether it reached the start of that archive.
 */
public record RoomArchivePage(List<RoomArchivedMessage> messages, boolean complete) {
  public RoomArchivePage {
    messages = List.copyOf(messages);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    messages.forEach(m -> array.add(m.toJson()));
    return new JsonObject().put("messages", array).put("complete", complete);
  }

  /**
   * Absent messages read as none and an absent complete as true; a message the node could not give
   * whole (no nick, text or time) is left out, as the session always did.
   */
  public static RoomArchivePage fromJson(JsonObject json) {
    return new RoomArchivePage(Json.readableObjects(json, "messages", RoomArchivedMessage::fromJson),
        Json.optionalBoolean(json, "complete", true));
  }
}
