package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeStatus;

/**
 * {@code node-status-wanted}: a session process starting asks every protocol node for its status at
 * once (each answers by publishing its {@link NodeStatusReport}), so that it knows each node's
 * cluster member before the node's next interval and notices the node's loss from its start.
 */
public record NodeStatusWanted() {
  public JsonObject toJson() {
    return new JsonObject().put("type", NodeStatus.NODE_STATUS_WANTED);
  }

  /** The ask has no fields: whatever else it holds is ignored. */
  public static NodeStatusWanted fromJson(JsonObject json) {
    return new NodeStatusWanted();
  }
}
