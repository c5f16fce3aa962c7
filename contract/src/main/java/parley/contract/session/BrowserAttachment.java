package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.SessionRequest;
import parley.contract.node.Json;

/**
 * {@code browser-attached} ({@code attached} true) or {@code browser-detached}: socket {@code socketId}
 * of the user began or stopped taking the user's events. {@code webNodeId}: the web process's node id
 * in the cluster, so the session counts its sockets detached when it leaves; null (and null in the
 * JSON) when the web verticle is not clustered.
 */
public record BrowserAttachment(boolean attached, String userId, String socketId, String webNodeId) {
  public String type() {
    return attached ? SessionRequest.BROWSER_ATTACHED : SessionRequest.BROWSER_DETACHED;
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type()).put("userId", userId).put("socketId", socketId)
        .put("webNodeId", webNodeId);
  }

  /** Fails without {@code userId} or {@code socketId}, with a {@code webNodeId} that is not text, or with another type. */
  public static BrowserAttachment fromJson(JsonObject json) {
    String type = json.getString("type");
    if (!SessionRequest.BROWSER_ATTACHED.equals(type) && !SessionRequest.BROWSER_DETACHED.equals(type)) {
      throw Json.invalid("type");
    }
    return new BrowserAttachment(SessionRequest.BROWSER_ATTACHED.equals(type), Json.requireString(json, "userId"),
        Json.requireString(json, "socketId"), Json.optionalString(json, "webNodeId", null));
  }
}
