package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Json;

/**
 * Who signed up or in: the session's answer to a {@link SignIn}, which the web verticle keeps in the
 * HTTP session and gives the page as it is (also as the answer of {@code GET /api/me}). {@code admin}:
 * the role the operator granted; false when a session of an older version left it out.
 */
public record Identity(String userId, String username, boolean admin) {
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("username", username).put("admin", admin);
  }

  /** Fails without {@code userId} or {@code username}, or with an {@code admin} that is not true or false. */
  public static Identity fromJson(JsonObject json) {
    return new Identity(Json.requireString(json, "userId"), Json.requireString(json, "username"),
        Json.optionalBoolean(json, "admin", false));
  }
}
