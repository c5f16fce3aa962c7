package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Json;

/** The answer to {@code nodes.drain}: the node of {@code network} has started draining; {@code held} accounts to move. */
public record NodesDrained(String nodeId, String network, int held) {
  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("network", network).put("held", held);
  }

  public static NodesDrained fromJson(JsonObject json) {
    return new NodesDrained(Json.requireString(json, "nodeId"), Json.requireString(json, "network"),
        Json.requireCount(json, "held"));
  }
}
