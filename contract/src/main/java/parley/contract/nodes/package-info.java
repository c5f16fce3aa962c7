/**
 * The protocol nodes' status messages as types: what every node publishes to
 * {@link parley.contract.Addresses#NODES_STATUS} ({@link parley.contract.NodeStatus#NODE_STATUS},
 * {@link parley.contract.NodeStatus#NODE_STOPPED}) and a starting session process's ask for them
 * ({@link parley.contract.NodeStatus#NODE_STATUS_WANTED}), the admin page's requests to
 * {@link parley.contract.Addresses#BROWSER_ADMIN_NODES} with their answers, and a node's answer to
 * the node command {@code drain}. Each record has one JSON mapping ({@code toJson()} and a static
 * {@code fromJson(JsonObject)} that validates once and fails with a
 * {@link parley.contract.ParleyException}); the JSON is the one docs/bus-contract.md describes
 * ("Node status", "Protocol nodes", "Draining a node"), so an older process that still builds these
 * messages field by field reads and writes the same ones during a rolling upgrade.
 */
package parley.contract.nodes;
