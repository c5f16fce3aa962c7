package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code message-corrected}: the peer corrected one of its messages (XMPP: XEP-0308), {@code id} the id
 * its client gave it; or, {@code own}, the person did so on another client to a message of theirs, and
 * {@code peer} is the one it went to. On the wire the peer is {@code from}, or {@code to} when own.
 */
public record MessageCorrected(String peer, boolean own, String id, String text, Long ts) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.MESSAGE_CORRECTED;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(own ? "to" : "from", peer).put("id", id).put("text", text);
    return Json.putIf(json, "ts", ts);
  }

  /** Fails without a peer ({@code to} or {@code from}), a usable {@code id} or {@code text}. */
  public static MessageCorrected fromJson(JsonObject json) {
    boolean own = json.getValue("to") != null;
    String peer = Json.requireString(json, own ? "to" : "from");
    String id = Json.requireBoundedId(json, "id", MessageReceived.MAX_PEER_ID_CHARS);
    if (!(json.getValue("text") instanceof String text)) {
      throw Json.invalid("text");
    }
    return new MessageCorrected(peer, own, id, text, Json.optionalLong(json, "ts"));
  }
}
