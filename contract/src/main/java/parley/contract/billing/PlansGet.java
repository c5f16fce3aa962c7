package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code plans.get} (admin): every plan, the default plan of new users and the currency. */
public record PlansGet() {
  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_PLANS_GET);
  }

  public static PlansGet fromJson(JsonObject json) {
    return new PlansGet();
  }
}
