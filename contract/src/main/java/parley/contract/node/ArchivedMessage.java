package parley.contract.node;

import io.vertx.core.json.JsonObject;

/**
 * One message of an {@link ArchivePage}: the archive's id {@code stanzaId} (null when absent or too
 * long to keep), whether the account sent it, its text and when (epoch ms).
 */
public record ArchivedMessage(String stanzaId, boolean outgoing, String text, long ts) {
  public JsonObject toJson() {
    return new JsonObject().put("stanzaId", stanzaId).put("direction", outgoing ? "out" : "in").put("text", text).put("ts", ts);
  }

  /** Fails without {@code text} or a whole {@code ts}; any direction but "out" reads as received. */
  public static ArchivedMessage fromJson(JsonObject json) {
    return new ArchivedMessage(Json.boundedId(json, "stanzaId", MessageReceived.MAX_ARCHIVE_ID_CHARS),
        "out".equals(json.getValue("direction")), Json.requireText(json, "text"), Json.requireLong(json, "ts"));
  }
}
