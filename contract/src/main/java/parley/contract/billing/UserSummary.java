package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/** A user as billing knows them: their plan and whether an admin suspended their sending. */
public record UserSummary(String userId, String username, String plan, boolean suspended) {
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("username", username).put("plan", plan).put("suspended", suspended);
  }

  public static UserSummary fromJson(JsonObject json) {
    return new UserSummary(EventJson.requireString(json, "userId"), EventJson.requireString(json, "username"),
        EventJson.requireString(json, "plan"), EventJson.requireBoolean(json, "suspended"));
  }
}
