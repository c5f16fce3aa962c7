package parley.contract.nodes;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import parley.contract.NodeStatus;
import parley.contract.node.Json;

/**
 * {@code node-status}: a protocol node's status as it publishes it (docs/bus-contract.md, "Node
 * status"). {@code clusterNodeId}: its process's cluster member id, null when not clustered;
 * {@code held}: the accounts it holds; {@code sessions}: those accounts by connection state;
 * {@code failures}: connection failures since it started, by failure code; {@code draining}: true
 * once an admin drained it (a status without it, from a node older than drains, is not draining).
 */
public record NodeStatusReport(String nodeId, String network, String clusterNodeId, String version, long startedAt,
                               long uptimeSeconds, int held, Map<String, Long> sessions, Map<String, Long> failures,
                               boolean draining) {
  public NodeStatusReport {
    sessions = Map.copyOf(sessions);
    failures = Map.copyOf(failures);
  }

  /** The same status, draining. */
  public NodeStatusReport asDraining() {
    return new NodeStatusReport(nodeId, network, clusterNodeId, version, startedAt, uptimeSeconds, held, sessions, failures,
        true);
  }

  /** The same status {@code seconds} later: its uptime counted on (no need for clocks to agree). */
  NodeStatusReport countedOn(long seconds) {
    return new NodeStatusReport(nodeId, network, clusterNodeId, version, startedAt, uptimeSeconds + seconds, held, sessions,
        failures, draining);
  }

  /** As published: {@code clusterNodeId} always there, null when not clustered; counts by name, sorted. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", NodeStatus.NODE_STATUS).put("nodeId", nodeId).put("network", network)
        .put("clusterNodeId", clusterNodeId);
    return putFigures(json);
  }

  /** The fields after the node's identity, which the admin listing has too. */
  JsonObject putFigures(JsonObject json) {
    return json.put("version", version).put("startedAt", startedAt).put("uptimeSeconds", uptimeSeconds).put("held", held)
        .put("sessions", sorted(sessions)).put("failures", sorted(failures)).put("draining", draining);
  }

  private static JsonObject sorted(Map<String, Long> counts) {
    JsonObject json = new JsonObject();
    new TreeMap<>(counts).forEach(json::put);
    return json;
  }

  /**
   * Fails without nodeId, network, version, startedAt, uptimeSeconds, held, sessions or failures,
   * with a count that is not a non-negative whole number, or with a field of the wrong type.
   */
  public static NodeStatusReport fromJson(JsonObject json) {
    return new NodeStatusReport(Json.requireString(json, "nodeId"), Json.requireString(json, "network"),
        Json.optionalString(json, "clusterNodeId", null), Json.requireString(json, "version"),
        Json.requireLong(json, "startedAt"), Json.requireLong(json, "uptimeSeconds"), Json.requireCount(json, "held"),
        Json.requireCounts(json, "sessions"), Json.requireCounts(json, "failures"),
        Json.optionalBoolean(json, "draining", false));
  }
}
