package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code message-received}: a peer's message (or, {@code outgoing}, one the account sent from another
 * client, found in the server's archive; {@code from} then names the peer it went to).
 * {@code ts}: when it was sent, null when unknown; the ids are null when absent (see docs/bus-contract.md).
 */
public record MessageReceived(String from, String text, Long ts, String markerId, String remoteId, String stanzaId,
    String archiveId, boolean outgoing) implements NodeEventBody {
  /** The longest {@code markerId} and {@code remoteId} kept: ids the sender's client chose. */
  public static final int MAX_PEER_ID_CHARS = 256;
  /** The longest {@code stanzaId} and {@code archiveId} kept: ids the IM server chose. */
  public static final int MAX_ARCHIVE_ID_CHARS = 200;
  public static final String OUT = "out";
  public static final String IN = "in";

  /** A live message with no ids. */
  public MessageReceived(String from, String text, Long ts) {
    this(from, text, ts, null, null, null, null, false);
  }

  public MessageReceived withStanzaId(String id) {
    return new MessageReceived(from, text, ts, markerId, remoteId, id, archiveId, outgoing);
  }

  public MessageReceived withArchiveId(String id) {
    return new MessageReceived(from, text, ts, markerId, remoteId, stanzaId, id, outgoing);
  }

  @Override
  public String type() {
    return NodeEvent.MESSAGE_RECEIVED;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("from", from).put("text", text);
    Json.putIf(json, "ts", ts);
    Json.putIf(json, "markerId", markerId);
    Json.putIf(json, "remoteId", remoteId);
    Json.putIf(json, "stanzaId", stanzaId);
    Json.putIf(json, "archiveId", archiveId);
    return outgoing ? json.put("direction", OUT) : json;
  }

  /**
   * Fails without {@code from} or {@code text}, or with a field of the wrong type; an id too long to
   * keep is left out (the message is kept without it rather than lost).
   */
  public static MessageReceived fromJson(JsonObject json) {
    String from = Json.requireString(json, "from");
    if (!(json.getValue("text") instanceof String text)) {
      throw Json.invalid("text");
    }
    String direction = Json.optionalString(json, "direction", IN);
    if (!IN.equals(direction) && !OUT.equals(direction)) {
      throw Json.invalid("direction");
    }
    return new MessageReceived(from, text, Json.optionalLong(json, "ts"),
        Json.boundedId(json, "markerId", MAX_PEER_ID_CHARS), Json.boundedId(json, "remoteId", MAX_PEER_ID_CHARS),
        Json.boundedId(json, "stanzaId", MAX_ARCHIVE_ID_CHARS), Json.boundedId(json, "archiveId", MAX_ARCHIVE_ID_CHARS),
        OUT.equals(direction));
  }
}
