package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NodeStatus;

/**
 * {@code nodes.drain}: an admin drains the protocol node {@code nodeId} (the admin page over the
 * bridge, or the web's admin route with the same body); answered {@link NodesDrained}.
 */
public record NodesDrain(String nodeId) {
  /** Node ids are UUIDs; anything much longer is not one. */
  static final int MAX_NODE_ID_CHARS = 64;

  public JsonObject toJson() {
    return new JsonObject().put("type", NodeStatus.NODES_DRAIN).put("nodeId", nodeId);
  }

  /** Fails (INVALID_FIELD, in the words the admin has always seen) without a node id of at most 64 characters. */
  public static NodesDrain fromJson(JsonObject json) {
    if (!(json.getValue("nodeId") instanceof String nodeId) || nodeId.isBlank() || nodeId.length() > MAX_NODE_ID_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("Name the node to drain by its id (nodeId), as the admin page lists it.");
    }
    return new NodesDrain(nodeId);
  }
}
