package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code own-message}: a message the account sent to {@code to} from another of its clients (XMPP: a
 * XEP-0280 sent carbon). {@code ts}: when it was sent, null when unknown; the ids are null when absent
 * or too long to keep ({@code stanzaId}: the server's, so the same message from the archive is stored once).
 */
public record OwnMessage(String to, String text, Long ts, String remoteId, String stanzaId) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.OWN_MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("to", to).put("text", text);
    Json.putIf(json, "ts", ts);
    Json.putIf(json, "remoteId", remoteId);
    return Json.putIf(json, "stanzaId", stanzaId);
  }

  /** Fails without {@code to} or {@code text}, or with a field of the wrong type; an id too long is left out. */
  public static OwnMessage fromJson(JsonObject json) {
    String to = Json.requireString(json, "to");
    if (!(json.getValue("text") instanceof String text)) {
      throw Json.invalid("text");
    }
    return new OwnMessage(to, text, Json.optionalLong(json, "ts"),
        Json.boundedId(json, "remoteId", MessageReceived.MAX_PEER_ID_CHARS),
        Json.boundedId(json, "stanzaId", MessageReceived.MAX_ARCHIVE_ID_CHARS));
  }
}
