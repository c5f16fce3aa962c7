package parley.contract.node;

import io.vertx.core.json.JsonObject;

/**
 * One message of a {@link RoomArchivePage}: the room's id {@code stanzaId} (null when absent or too
 * long to keep), the sender's nick, its text and when (epoch ms).
 */
public record RoomArchivedMessage(String stanzaId, String nick, String text, long ts) {
  /** The longest nick kept (an XMPP resource's limit). */
  public static final int MAX_NICK_CHARS = 1024;

  public JsonObject toJson() {
    return new JsonObject().put("stanzaId", stanzaId).put("nick", nick).put("text", text).put("ts", ts);
  }

  /** Fails without a {@code nick} PostgreSQL can keep (up to {@link #MAX_NICK_CHARS}), {@code text} or a whole {@code ts}. */
  public static RoomArchivedMessage fromJson(JsonObject json) {
    String nick = Json.requireText(json, "nick");
    if (nick.length() > MAX_NICK_CHARS || nick.indexOf('\u0000') >= 0) {
      throw Json.invalid("nick");
    }
    return new RoomArchivedMessage(Json.boundedId(json, "stanzaId", MessageReceived.MAX_ARCHIVE_ID_CHARS), nick,
        Json.requireText(json, "text"), Json.requireLong(json, "ts"));
  }
}
