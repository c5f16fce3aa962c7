package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code user.get} (admin): that user's usage view, as {@link UsageGet} answers it to the user. */
public record UserGet(String userId) {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_USER_GET).put("userId", userId);
  }

  /** Fails (NO_SUCH_USER) unless {@code userId} is a user id. */
  public static UserGet fromJson(JsonObject json) {
    return new UserGet(BillingFields.userId(json));
  }
}
