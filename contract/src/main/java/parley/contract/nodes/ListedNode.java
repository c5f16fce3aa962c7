package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Json;

/**
 * A node as the admin page lists it ({@code nodes.list}): its last {@code status} with the uptime
 * counted on to now, and {@code seenSecondsAgo}, how long ago that status arrived. The listing does
 * not carry {@code clusterNodeId} (read back, it is null).
 */
public record ListedNode(NodeStatusReport status, long seenSecondsAgo) {
  /** The node as listed now: {@code reported} arrived {@code seenSecondsAgo} seconds ago. */
  public static ListedNode of(NodeStatusReport reported, long seenSecondsAgo) {
    return new ListedNode(reported.countedOn(seenSecondsAgo), seenSecondsAgo);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("nodeId", status.nodeId()).put("network", status.network());
    return status.putFigures(json).put("seenSecondsAgo", seenSecondsAgo);
  }

  /** Fails as {@link NodeStatusReport#fromJson} does, or without seenSecondsAgo. */
  public static ListedNode fromJson(JsonObject json) {
    return new ListedNode(NodeStatusReport.fromJson(json), Json.requireLong(json, "seenSecondsAgo"));
  }
}
