package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.browser.EventJson;

/** {@code allowance.get}: may this user send? Answered with their {@link Allowance}. */
public record AllowanceGet(String userId) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ALLOWANCE_GET).put("userId", userId);
  }

  /** Fails unless {@code userId} is a user id. */
  public static AllowanceGet fromJson(JsonObject json) {
    if (!BillingFields.isUserId(json.getValue("userId"))) {
      throw EventJson.invalid("userId");
    }
    return new AllowanceGet(json.getString("userId"));
  }
}
