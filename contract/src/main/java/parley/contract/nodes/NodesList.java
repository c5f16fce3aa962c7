package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeStatus;

/** {@code nodes.list}: the admin page asks for the protocol nodes running now; answered {@link NodesListed}. */
public record NodesList() {
  public JsonObject toJson() {
    return new JsonObject().put("type", NodeStatus.NODES_LIST);
  }

  /** The request has no fields: whatever else it holds is ignored, as the session always did. */
  public static NodesList fromJson(JsonObject json) {
    return new NodesList();
  }
}
