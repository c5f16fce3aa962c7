package parley.contract;

/**
 * Protocol-node status for operators: what every node publishes to {@link Addresses#NODES_STATUS},
 * and the admin page's request to {@link Addresses#BROWSER_ADMIN_NODES}. Each message is a record of
 * {@code parley.contract.nodes} (one JSON mapping each); these are its type names.
 */
public final class NodeStatus {
  private NodeStatus() {}

  /**
   * A node's status: {@code nodeId}, {@code network}, {@code clusterNodeId}, {@code version},
   * {@code startedAt}, {@code uptimeSeconds}, {@code held}, {@code sessions} (held accounts by
   * state), {@code failures} (connection failures since start, by failure code) and {@code draining}
   * (true once an admin drains it: it takes no new accounts and hands its {@code held} ones over).
   */
  public static final String NODE_STATUS = "node-status";
  /** A node stopping on purpose: {@code {"nodeId": "…"}}. */
  public static final String NODE_STOPPED = "node-stopped";
  /**
   * {@code {}}, published by a session process as it starts: every node publishes its status at
   * once, so the new process knows each node's cluster member (and notices its loss) from the start,
   * not only after the node's next interval.
   */
  public static final String NODE_STATUS_WANTED = "node-status-wanted";

  /** How often a node publishes its status (and once when it starts). */
  public static final long INTERVAL_MS = 5_000;
  /** A node not heard of for this many intervals is taken as gone. */
  public static final int MISSED_INTERVALS = 3;

  /** To {@link Addresses#BROWSER_ADMIN_NODES}: {@code {}}, answered {@code {"nodes": [status, …]}}. */
  public static final String NODES_LIST = "nodes.list";
  /**
   * To {@link Addresses#BROWSER_ADMIN_NODES} (admins only): {@code {"nodeId": "…"}}, answered
   * {@code {"nodeId": "…", "network": "xmpp", "held": 3}} once the node has started draining; refused in
   * words for an unknown node, a node draining already, or the last node of its network.
   */
  public static final String NODES_DRAIN = "nodes.drain";
}
