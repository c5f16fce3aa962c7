package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;

/** {@code users.find} (admin): users whose name contains {@code query}; null (absent): all, by name. */
public record UsersFind(String query) {
  static final int MAX_QUERY_CHARS = 64;

  public JsonObject toJson() {
    return BillingFields.putIf(BillingFields.request(BillingRequest.ADMIN_USERS_FIND), "query", query);
  }

  /** Fails unless {@code query} is absent or text of at most 64 characters. */
  public static UsersFind fromJson(JsonObject json) {
    return new UsersFind(BillingFields.optionalText(json, "query", MAX_QUERY_CHARS));
  }
}
