package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/**
 * {@code message-retracted}: the peer took one of its messages back (XMPP: XEP-0424), {@code id} the id
 * its client gave it; or, {@code own}, the person did so on another client, and {@code peer} is the one
 * it went to. On the wire the peer is {@code from}, or {@code to} when own.
 */
public record MessageRetracted(String peer, boolean own, String id) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.MESSAGE_RETRACTED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put(own ? "to" : "from", peer).put("id", id);
  }

  /** Fails without a peer ({@code to} or {@code from}) or a usable {@code id}. */
  public static MessageRetracted fromJson(JsonObject json) {
    boolean own = json.getValue("to") != null;
    String peer = Json.requireString(json, own ? "to" : "from");
    return new MessageRetracted(peer, own, Json.requireBoundedId(json, "id", MessageReceived.MAX_PEER_ID_CHARS));
  }
}
