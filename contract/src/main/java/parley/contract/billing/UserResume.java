package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code user.resume} (admin): the user may send again, as their plan allows. */
public record UserResume(String userId) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_RESUME).put("userId", userId);
  }

  /** Fails (NO_SUCH_USER) unless {@code userId} is a user id. */
  public static UserResume fromJson(JsonObject json) {
    return new UserResume(BillingFields.userId(json));
  }
}
