package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/** {@code subscription-request}: {@code from} asks to see the account's presence (or to add it). */
public record SubscriptionRequest(String from) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.SUBSCRIPTION_REQUEST;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("from", from);
  }

  /** Fails without {@code from}. */
  public static SubscriptionRequest fromJson(JsonObject json) {
    return new SubscriptionRequest(Json.requireString(json, "from"));
  }
}
