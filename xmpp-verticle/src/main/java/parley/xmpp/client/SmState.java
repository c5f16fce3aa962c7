package parley.xmpp.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What it takes to resume one XEP-0198 stream, as plain values, so that it can travel (to another
 * node, for a drain or a failover) as JSON: the server's stream-management id, the full JID the
 * session is bound to (a resumed stream keeps it), where to resume
 * (the server's {@code location}, or null for the usual endpoint), how long the server keeps the
 * session ({@code maxSeconds}, 0 if it did not say), the count of stanzas we handled ({@code
 * inbound}) and of ours the server acknowledged ({@code outboundAcked}), both modulo 2^32, and our
 * stanzas not yet acknowledged, as serialised XML, oldest first.
 */
public record SmState(String id, String jid, String location, int maxSeconds, long inbound, long outboundAcked, List<String> unacked) {

  public SmState {
    unacked = List.copyOf(unacked);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("jid", jid).put("location", location).put("maxSeconds", maxSeconds)
        .put("inbound", inbound).put("outboundAcked", outboundAcked).put("unacked", new JsonArray(List.copyOf(unacked)));
  }

  public static SmState fromJson(JsonObject json) {
    return new SmState(json.getString("id"), json.getString("jid"), json.getString("location"), json.getInteger("maxSeconds", 0),
        json.getLong("inbound"), json.getLong("outboundAcked"),
        json.getJsonArray("unacked", new JsonArray()).stream().map(String.class::cast).toList());
  }
}
