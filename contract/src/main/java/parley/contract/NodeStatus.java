package parley.contract;

/**
 * Protocol-node status for operators: what every node publishes to {@link Addresses#NODES_STATUS},
 * and the admin page's request to {@link Addresses#BROWSER_ADMIN_NODES}.
 */
public final class NodeStatus {
  private NodeStatus() {}

  /**
   * A node's status: {@code nodeId}, {@code network}, {@code clusterNodeId}, {@code version},
   * {@code startedAt}, {@code uptimeSeconds}, {@code held}, {@code sessions} (held accounts by
   * state) and {@code failures} (connection failures since start, by failure code).
   */
  public static final String NODE_STATUS = "node-status";
  /** A node stopping on purpose: {@code {"nodeId": "…"}}. */
  public static final String NODE_STOPPED = "node-stopped";

  /** How often a node publishes its status (and once when it starts). */
  public static final long INTERVAL_MS = 5_000;
  /** A node not heard of for this many intervals is taken as gone. */
  public static final int MISSED_INTERVALS = 3;

  /** To {@link Addresses#BROWSER_ADMIN_NODES}: {@code {}}, answered {@code {"nodes": [status, …]}}. */
  public static final String NODES_LIST = "nodes.list";
}
