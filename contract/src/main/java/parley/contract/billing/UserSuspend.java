package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code user.suspend} (admin): the user may no longer send, on any plan, until resumed ({@link UserResume}). */
public record UserSuspend(String userId) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_SUSPEND).put("userId", userId);
  }

  /** Fails (NO_SUCH_USER) unless {@code userId} is a user id. */
  public static UserSuspend fromJson(JsonObject json) {
    return new UserSuspend(BillingFields.userId(json));
  }
}
