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
import parley.contract.nodes.ListedNode;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodeStopped;
import parley.contract.nodes.NodesListed;

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

  /** One node's status as published (draining once this process asked it to drain), and when it arrived here. */
  private record Report(NodeStatusReport status, long receivedNanos) {
    String nodeId() {
      return status.nodeId();
    }

    String clusterNodeId() {
      return status.clusterNodeId();
    }
  }

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
    Object type = message instanceof JsonObject body ? body.getValue("type") : null;
    try {
      if (NodeStatus.NODE_STOPPED.equals(type)) {
        stopped(NodeStopped.fromJson((JsonObject) message));
      } else if (NodeStatus.NODE_STATUS.equals(type)) {
        reported(NodeStatusReport.fromJson((JsonObject) message));
      } else if (!NodeStatus.NODE_STATUS_WANTED.equals(type)) {
        log.warn("Ignored a message that is no node status: {}", message);
      }
    } catch (ParleyException e) {
      log.warn("Ignored a malformed node status ({}): {}", e.getMessage(), message);
    }
  }

  private void stopped(NodeStopped stopped) {
    if (!lostNodes.containsKey(stopped.nodeId())) {
      nodes.remove(stopped.nodeId());
      drainAsked.remove(stopped.nodeId());
    }
  }

  private void reported(NodeStatusReport status) {
    if (!lostNodes.containsKey(status.nodeId())) {
      nodes.put(status.nodeId(), new Report(drainAsked.contains(status.nodeId()) ? status.asDraining() : status,
          nanos.getAsLong()));
    }
  }

  /**
   * Why the node may not be drained now, in words, or null when it may: it must be running, not
   * draining already, and not the last node of its network that takes accounts.
   */
  ParleyException drainRefusal(String nodeId) {
    List<NodeStatusReport> running = list().stream().map(ListedNode::status).toList();
    NodeStatusReport node = running.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElse(null);
    if (node == null) {
      return FailureCode.INVALID_FIELD.exception("No protocol node with that id is running (it may have stopped already); "
          + "the admin page lists the nodes running now.");
    }
    String network = node.network();
    if (node.draining()) {
      return FailureCode.INVALID_FIELD.exception("That " + network.toUpperCase() + " node is being drained already; "
          + node.held() + " account(s) left to move.");
    }
    boolean another = running.stream().anyMatch(n -> network.equals(n.network()) && !nodeId.equals(n.nodeId()) && !n.draining());
    if (!another) {
      return FailureCode.NO_PROTOCOL_NODE.exception("That is the only " + network.toUpperCase() + " node taking accounts: "
          + "its accounts would have nowhere to go. Start another " + network.toUpperCase() + " node, then drain this one.");
    }
    return null;
  }

  /** The node was asked to drain (and agreed): listed as draining from now on. */
  void drainStarted(String nodeId) {
    drainAsked.add(nodeId);
    nodes.computeIfPresent(nodeId, (id, r) -> new Report(r.status().asDraining(), r.receivedNanos()));
  }

  /** The node's network, or null when it is not listed. */
  String network(String nodeId) {
    Report r = nodes.get(nodeId);
    return r == null ? null : r.status().network();
  }

  /** The answer to {@code nodes.list}: the nodes alive now, by network, oldest first. */
  Future<JsonObject> handle(JsonObject request) {
    if (!NodeStatus.NODES_LIST.equals(request.getValue("type"))) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown request type; this address answers only '"
          + NodeStatus.NODES_LIST + "'."));
    }
    // nodes.list has no fields (NodesList): nothing more to read.
    return Future.succeededFuture(new NodesListed(list()).toJson());
  }

  List<ListedNode> list() {
    long now = nanos.getAsLong();
    Collection<String> members = clusterMembers.get();
    nodes.values().removeIf(r -> now - r.receivedNanos() > SILENT_NANOS);
    // Nodes whose process left are left for lost() to forget, which reconnects their accounts.
    drainAsked.retainAll(nodes.keySet());
    return nodes.values().stream()
        .filter(r -> members == null || r.clusterNodeId() == null || members.contains(r.clusterNodeId()))
        .sorted(Comparator.comparing((Report r) -> r.status().network()).thenComparing(r -> r.status().startedAt())
            .thenComparing(Report::nodeId))
        .map(r -> ListedNode.of(r.status(), (now - r.receivedNanos()) / 1_000_000_000L))
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
    return drainAsked.contains(nodeId) || r != null && r.status().draining() || isLost(nodeId);
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
}
