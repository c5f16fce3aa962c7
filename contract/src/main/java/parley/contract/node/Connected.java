package parley.contract.node;

import io.vertx.core.json.JsonObject;

/** A node's answer to {@code connect} ({@link Connect}): the node {@code nodeId} now holds the account. */
public record Connected(String nodeId) {
  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId);
  }

  /** Fails without {@code nodeId}. */
  public static Connected fromJson(JsonObject json) {
    return new Connected(Json.requireString(json, "nodeId"));
  }
}
