package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply to {@link UsersFind}: the users found, by name. */
public record UsersFound(List<UserSummary> users) {
  public UsersFound {
    users = List.copyOf(users);
  }

  public JsonObject toJson() {
    return new JsonObject().put("users", BillingFields.array(users, UserSummary::toJson));
  }

  public static UsersFound fromJson(JsonObject json) {
    return new UsersFound(BillingFields.objects(json, "users", UserSummary::fromJson));
  }
}
