package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/**
 * {@code plan.set} (admin): moves the user to {@code plan} (null when absent or not text: billing
 * names the plans there are); {@code reason} null when absent.
 */
public record PlanSet(String userId, String plan, String reason) {
  static final int MAX_REASON_CHARS = 500;

  public JsonObject toJson() {
    JsonObject json = BillingFields.request(BillingRequest.ADMIN_PLAN_SET).put("userId", userId);
    BillingFields.putIf(json, "plan", plan);
    return BillingFields.putIf(json, "reason", reason);
  }

  /** Fails unless {@code userId} is a user id (NO_SUCH_USER) and {@code reason} absent or text of at most 500 characters. */
  public static PlanSet fromJson(JsonObject json) {
    String userId = BillingFields.userId(json);
    String plan = json.getValue("plan") instanceof String p ? p : null;
    return new PlanSet(userId, plan, BillingFields.optionalText(json, "reason", MAX_REASON_CHARS));
  }
}
