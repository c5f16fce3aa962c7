package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Json;

/**
 * A node's answer to the node command {@code drain} ({@link parley.contract.node.Drain}): it has
 * started draining with {@code held} accounts to move.
 */
public record NodeDrainStarted(String nodeId, int held) {
  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("held", held);
  }

  public static NodeDrainStarted fromJson(JsonObject json) {
    return new NodeDrainStarted(Json.requireString(json, "nodeId"), Json.requireCount(json, "held"));
  }
}
