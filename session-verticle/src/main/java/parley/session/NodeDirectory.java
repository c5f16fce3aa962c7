package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.NodeStatus;
import parley.contract.ParleyException;

/**
 * The protocol nodes running now, for the admin page: the latest status each node published
 * (docs/bus-contract.md, "Node status"). A node that stopped, fell silent for
 * {@link NodeStatus#MISSED_INTERVALS} intervals, or whose process left the cluster is not listed.
 * Every session process hears every node, so any of them answers the same. It also says which
 * nodes were lost with their process ({@link #lost}), each once: their accounts reconnect
 * elsewhere.
 */
final class NodeDirectory {
  private static final Logger log = LoggerFactory.getLogger(NodeDirectory.class);
  private static final long SILENT_NANOS = NodeStatus.INTERVAL_MS * NodeStatus.MISSED_INTERVALS * 1_000_000L;

  /** One node's status as published, and when it arrived here. */
  private record Report(String nodeId, String network, String clusterNodeId, JsonObject status, long receivedNanos) {}

  private final LongSupplier nanos;
  /** The cluster's member ids, or null when this process is not clustered. */
  private final Supplier<Collection<String>> clusterMembers;
  private final Map<String, Report> nodes = new HashMap<>();
  /**
   * Nodes whose process left the cluster, most recent last (bounded: a node id is never used
   * again, so an old one only matters to a user loaded long after). A late status of one is ignored.
   */
  private final Map<String, Boolean> lostNodes = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > LOST_REMEMBERED;
    }
  };
  private static final int LOST_REMEMBERED = 10_000;
  /** Nodes this process asked to drain, counted as draining before their next status says so. */
  private final java.util.Set<String> drainAsked = new java.util.HashSet<>();

  NodeDirectory(LongSupplier nanos, Supplier<Collection<String>> clusterMembers) {
    this.nanos = nanos;
    this.clusterMembers = clusterMembers;
  }

  /** A message published to NODES_STATUS; a malformed one is logged and ignored. */
  void apply(Object message) {
    if (!(message instanceof JsonObject body) || !(body.getValue("nodeId") instanceof String nodeId)) {
      log.warn("Ignored a node status without a node id: {}", message);
      return;
    }
    String type = body.getString("type", "");
    if (lostNodes.containsKey(nodeId)) {
      return;
    }
    if (NodeStatus.NODE_STOPPED.equals(type)) {
      nodes.remove(nodeId);
      drainAsked.remove(nodeId);
      return;
    }
    try {
      if (!NodeStatus.NODE_STATUS.equals(type)) {
        throw new IllegalArgumentException("type");
      }
      JsonObject status = new JsonObject()
          .put("nodeId", nodeId)
          .put("network", required(body.getString("network")))
          .put("version", required(body.getString("version")))
          .put("startedAt", required(body.getLong("startedAt")))
          .put("uptimeSeconds", required(body.getLong("uptimeSeconds")))
          .put("held", required(body.getInteger("held")))
          .put("sessions", counts(body.getJsonObject("sessions")))
          .put("failures", counts(body.getJsonObject("failures")))
          // Absent from nodes older than drains: not draining.
          .put("draining", Boolean.TRUE.equals(body.getValue("draining")) || drainAsked.contains(nodeId));
      nodes.put(nodeId, new Report(nodeId, status.getString("network"), body.getString("clusterNodeId"), status, nanos.getAsLong()));
    } catch (ClassCastException | IllegalArgumentException e) {
      log.warn("Ignored a malformed node status from node {}: {}", nodeId, body.encode());
    }
  }

  /**
   * Why the node may not be drained now, in words, or null when it may: it must be running, not
   * draining already, and not the last node of its network that takes accounts.
   */
  ParleyException drainRefusal(String nodeId) {
    List<JsonObject> running = list();
    JsonObject node = running.stream().filter(n -> n.getString("nodeId").equals(nodeId)).findFirst().orElse(null);
    if (node == null) {
      return FailureCode.INVALID_FIELD.exception("No protocol node with that id is running (it may have stopped already); "
          + "the admin page lists the nodes running now.");
    }
    String network = node.getString("network");
    if (node.getBoolean("draining")) {
      return FailureCode.INVALID_FIELD.exception("That " + network.toUpperCase() + " node is being drained already; "
          + node.getInteger("held") + " account(s) left to move.");
    }
    boolean another = running.stream().anyMatch(n -> network.equals(n.getString("network"))
        && !nodeId.equals(n.getString("nodeId")) && !n.getBoolean("draining"));
    if (!another) {
      return FailureCode.NO_PROTOCOL_NODE.exception("That is the only " + network.toUpperCase() + " node taking accounts: "
          + "its accounts would have nowhere to go. Start another " + network.toUpperCase() + " node, then drain this one.");
    }
    return null;
  }

  /** The node was asked to drain (and agreed): listed as draining from now on. */
  void drainStarted(String nodeId) {
    drainAsked.add(nodeId);
    Report r = nodes.get(nodeId);
    if (r != null) {
      r.status().put("draining", true);
    }
  }

  /** The node's network, or null when it is not listed. */
  String network(String nodeId) {
    Report r = nodes.get(nodeId);
    return r == null ? null : r.network();
  }

  /** The answer to {@code nodes.list}: the nodes alive now, by network, oldest first. */
  Future<JsonObject> handle(JsonObject request) {
    if (!NodeStatus.NODES_LIST.equals(request.getString("type"))) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown request type; this address answers only '"
          + NodeStatus.NODES_LIST + "'."));
    }
    return Future.succeededFuture(new JsonObject().put("nodes", list()));
  }

  List<JsonObject> list() {
    long now = nanos.getAsLong();
    Collection<String> members = clusterMembers.get();
    nodes.values().removeIf(r -> now - r.receivedNanos() > SILENT_NANOS);
    // Nodes whose process left are left for lost() to forget, which reconnects their accounts.
    drainAsked.retainAll(nodes.keySet());
    return nodes.values().stream()
        .filter(r -> members == null || r.clusterNodeId() == null || members.contains(r.clusterNodeId()))
        .sorted(Comparator.comparing(Report::network).thenComparing(r -> r.status().getLong("startedAt"))
            .thenComparing(Report::nodeId))
        .map(r -> {
          long ago = (now - r.receivedNanos()) / 1_000_000_000L;
          // The node's uptime when it reported, plus the time since: no need for clocks to agree.
          return r.status().copy().put("uptimeSeconds", r.status().getLong("uptimeSeconds") + ago).put("seenSecondsAgo", ago);
        })
        .toList();
  }

  /**
   * The nodes whose process has left the cluster since the last call: forgotten here, and each
   * returned once only (a node that comes back under the same process id is a new node, with a new
   * node id).
   */
  List<String> lost() {
    Collection<String> members = clusterMembers.get();
    if (members == null) {
      return List.of();
    }
    List<String> gone = new ArrayList<>();
    nodes.values().removeIf(r -> {
      if (r.clusterNodeId() != null && !members.contains(r.clusterNodeId())) {
        gone.add(r.nodeId());
        lostNodes.put(r.nodeId(), Boolean.TRUE);
        return true;
      }
      return false;
    });
    if (!gone.isEmpty()) {
      log.warn("Protocol node(s) {} left the cluster with their process", gone);
    }
    return gone;
  }

  /** Whether the node is draining (as it said, or as this process asked) or lost with its process. */
  boolean leaving(String nodeId) {
    Report r = nodes.get(nodeId);
    return drainAsked.contains(nodeId) || r != null && r.status().getBoolean("draining", false) || isLost(nodeId);
  }

  /** Whether the node is known to be lost with its process (checked against the membership now). */
  boolean isLost(String nodeId) {
    if (nodeId == null || lostNodes.containsKey(nodeId)) {
      return nodeId != null;
    }
    // Not consumed here: the next lost() still reports it, for the users loaded already.
    Report r = nodes.get(nodeId);
    Collection<String> members = clusterMembers.get();
    return r != null && r.clusterNodeId() != null && members != null && !members.contains(r.clusterNodeId());
  }

  private static <T> T required(T value) {
    if (value == null) {
      throw new IllegalArgumentException("missing");
    }
    return value;
  }

  /** A JSON object of non-negative whole counts. */
  private static JsonObject counts(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : required(json)) {
      if (!(e.getValue() instanceof Number n) || n.longValue() < 0) {
        throw new IllegalArgumentException(e.getKey());
      }
      out.put(e.getKey(), n.longValue());
    }
    return out;
  }
}
