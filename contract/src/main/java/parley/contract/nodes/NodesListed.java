package parley.contract.nodes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.node.Json;

/** The answer to {@code nodes.list}: the nodes running now, by network, oldest first. */
public record NodesListed(List<ListedNode> nodes) {
  public NodesListed {
    nodes = List.copyOf(nodes);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    nodes.forEach(n -> list.add(n.toJson()));
    return new JsonObject().put("nodes", list);
  }

  public static NodesListed fromJson(JsonObject json) {
    return new NodesListed(Json.requireObjects(json, "nodes", ListedNode::fromJson));
  }
}
