package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A node's answer to {@code archive-query} ({@link ArchiveQuery}): the page's messages, oldest first,
 * and whether it reached the start of the archive.
 */
public record ArchivePage(List<ArchivedMessage> messages, boolean complete) {
  public ArchivePage {
    messages = List.copyOf(messages);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    messages.forEach(m -> array.add(m.toJson()));
    return new JsonObject().put("messages", array).put("complete", complete);
  }

  /**
   * Absent messages read as none and an absent complete as true; a message the node could not give
   * whole (no text or time) is left out, as the session always did.
   */
  public static ArchivePage fromJson(JsonObject json) {
    return new ArchivePage(Json.readableObjects(json, "messages", ArchivedMessage::fromJson),
        Json.optionalBoolean(json, "complete", true));
  }
}
