package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.SessionRequest;
import parley.contract.node.Json;

/**
 * {@code browser-attached} or {@code browser-detached} ({@code type}): socket {@code socketId} of the
 * user began or stopped taking the user's events. {@code webNodeId}: the web process's node id in the
 * cluster, so the session counts its sockets detached when it leaves; null (and null in the JSON) when
 * the web verticle is not clustered.
 */
public record BrowserAttachment(String type, String userId, String socketId, String webNodeId) {
  /** Fails (INVALID_FIELD, the field 'type') for a type other than browser-attached or browser-detached. */
  public BrowserAttachment {
    requireType(type);
  }

  public boolean attached() {
    return SessionRequest.BROWSER_ATTACHED.equals(type);
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("userId", userId).put("socketId", socketId)
        .put("webNodeId", webNodeId);
  }

  /** Fails without {@code userId} or {@code socketId}, with a {@code webNodeId} that is not text, or with another type. */
  public static BrowserAttachment fromJson(JsonObject json) {
    return new BrowserAttachment(requireType(json.getValue("type")), Json.requireString(json, "userId"),
        Json.requireString(json, "socketId"), Json.optionalString(json, "webNodeId", null));
  }

  private static String requireType(Object type) {
    if (!SessionRequest.BROWSER_ATTACHED.equals(type) && !SessionRequest.BROWSER_DETACHED.equals(type)) {
      throw Json.invalid("type");
    }
    return (String) type;
  }
}
