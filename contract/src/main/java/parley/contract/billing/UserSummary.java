package parley.contract.billing;

import io.vertx.core.json.JsonObject;

/** A user as billing knows them: their plan and whether an admin suspended their sending. */
public record UserSummary(String userId, String username, String plan, boolean suspended) {
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("username", username).put("plan", plan).put("suspended", suspended);
  }

  public static UserSummary fromJson(JsonObject json) {
    return new UserSummary(BillingFields.requireString(json, "userId"), BillingFields.requireString(json, "username"),
        BillingFields.requireString(json, "plan"), BillingFields.requireBoolean(json, "suspended"));
  }
}
