/**
 * The bodies of node&lt;-&gt;session messages as types: each record is one message type of
 * {@link parley.contract.NodeEvent} or {@link parley.contract.NodeCommand}, with one JSON mapping
 * ({@code toJson()} and a static {@code fromJson(JsonObject)} that validates once and fails with a
 * {@link parley.contract.ParleyException}). The JSON is the one docs/bus-contract.md describes, so a
 * node or session that still builds these bodies as JSON objects (an older one in a rolling
 * upgrade) reads and writes the same messages. The envelope ({@code type}, {@code nodeId},
 * {@code userId}, {@code accountId}, {@code eventId}) is added and read by whoever sends and routes.
 */
package parley.contract.node;
