package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeStatus;
import parley.contract.node.Json;

/** {@code node-stopped}: a protocol node stopping on purpose; no longer listed. */
public record NodeStopped(String nodeId) {
  public JsonObject toJson() {
    return new JsonObject().put("type", NodeStatus.NODE_STOPPED).put("nodeId", nodeId);
  }

  public static NodeStopped fromJson(JsonObject json) {
    return new NodeStopped(Json.requireString(json, "nodeId"));
  }
}
