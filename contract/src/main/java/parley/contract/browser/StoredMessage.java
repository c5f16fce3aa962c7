package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.MessageStatus;
import parley.contract.node.Failure;

/**
 * A chat message as history keeps it and the page shows it ({@code {message}} in docs/bus-contract.md):
 * in the events {@code message}, {@code message.status}, {@code message.updated}, and the replies of
 * {@code message.send}, {@code history.*}, {@code chats.recent} and the person's timeline.
 * {@code id} is null only for a message {@code archived} (shown from the IM server's archive, not
 * stored); {@code error} is null unless its send failed. {@code removed} (taken back) wins over
 * {@code edited} (a message is one or the other); {@code stanzaId} is the IM server's id of it,
 * {@code nick} who said it in a room, {@code elsewhere} that the person sent it from another client.
 */
public record StoredMessage(Long id, String accountId, String peer, String direction, String text, long ts,
                            String status, Failure error, boolean edited, boolean removed, String stanzaId,
                            String nick, boolean elsewhere, boolean archived) {
  public static final String IN = "in";
  public static final String OUT = "out";

  /** A message taken back is no longer shown as corrected: its text is gone. */
  public StoredMessage {
    edited = edited && !removed;
  }

  /** A stored message, neither edited nor removed, without the optional fields. */
  public static StoredMessage of(long id, String accountId, String peer, String direction, String text, long ts,
                                 String status, Failure error) {
    return new StoredMessage(id, accountId, peer, direction, text, ts, status, error, false, false, null, null, false, false);
  }

  /** A message of the IM server's (or a room's) archive, shown and not stored: no id, {@code sent}. */
  public static StoredMessage archived(String accountId, String peer, String direction, String nick, String text, long ts,
                                       String stanzaId) {
    return new StoredMessage(null, accountId, peer, direction, text, ts, MessageStatus.SENT, null, false, false, stanzaId,
        nick, false, true);
  }

  public StoredMessage withStatus(String newStatus) {
    return settled(newStatus, error);
  }

  /** The message's send settled as {@code newStatus} with the reason (failed: refused or bounced). */
  public StoredMessage settled(String newStatus, Failure why) {
    return new StoredMessage(id, accountId, peer, direction, text, ts, newStatus, why, edited, removed, stanzaId, nick,
        elsewhere, archived);
  }

  /** Corrected ({@code edited}) or taken back ({@code removed}) with its text now {@code newText}. */
  public StoredMessage changed(String newText, boolean isEdited, boolean isRemoved) {
    return new StoredMessage(id, accountId, peer, direction, newText, ts, status, error, isEdited, isRemoved, stanzaId, nick,
        elsewhere, archived);
  }

  public StoredMessage withStanzaId(String serverId) {
    return new StoredMessage(id, accountId, peer, direction, text, ts, status, error, edited, removed, serverId, nick,
        elsewhere, archived);
  }

  public StoredMessage withNick(String who) {
    return new StoredMessage(id, accountId, peer, direction, text, ts, status, error, edited, removed, stanzaId, who,
        elsewhere, archived);
  }

  /** Sent by the person from another client: Parley cannot correct or take it back. */
  public StoredMessage fromElsewhere() {
    return new StoredMessage(id, accountId, peer, direction, text, ts, status, error, edited, removed, stanzaId, nick, true,
        archived);
  }

  public boolean outgoing() {
    return OUT.equals(direction);
  }

  /**
   * The JSON the page reads, in history's order. {@code error} is always there (null unless failed);
   * {@code edited}, {@code removed}, {@code nick}, {@code elsewhere}, {@code archived} only when set;
   * {@code stanzaId} when known, and always on an archived message (null when the server gave none).
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (id != null) {
      json.put("id", id);
    }
    json.put("accountId", accountId).put("peer", peer).put("direction", direction).put("text", text).put("ts", ts)
        .put("status", status).put("error", error == null ? null : error.toJson());
    if (removed) {
      json.put("removed", true);
    }
    if (edited) {
      json.put("edited", true);
    }
    if (stanzaId != null || archived) {
      json.put("stanzaId", stanzaId);
    }
    CommandFields.putIf(json, "nick", nick);
    if (elsewhere) {
      json.put("elsewhere", true);
    }
    return archived ? json.put("archived", true) : json;
  }

  /** {@code messages} as a JSON array in their order: the {@code messages} of a history reply. */
  public static JsonArray jsonArray(List<StoredMessage> messages) {
    JsonArray array = new JsonArray();
    messages.forEach(m -> array.add(m.toJson()));
    return array;
  }

  /** Fails in words on a missing or invalid field (only an archived message has no {@code id}). */
  public static StoredMessage fromJson(JsonObject json) {
    String direction = EventJson.requireString(json, "direction");
    if (!IN.equals(direction) && !OUT.equals(direction)) {
      throw EventJson.invalid("direction");
    }
    Long id = EventJson.optionalLong(json, "id");
    boolean archived = EventJson.optionalBoolean(json, "archived");
    if (id == null && !archived) {
      throw EventJson.invalid("id");
    }
    return new StoredMessage(id, EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "peer"), direction, EventJson.requireText(json, "text"),
        EventJson.requireLong(json, "ts"), EventJson.requireString(json, "status"), Failure.optional(json, "error"),
        EventJson.optionalBoolean(json, "edited"), EventJson.optionalBoolean(json, "removed"),
        EventJson.optionalString(json, "stanzaId"), EventJson.optionalString(json, "nick"),
        EventJson.optionalBoolean(json, "elsewhere"), archived);
  }
}
