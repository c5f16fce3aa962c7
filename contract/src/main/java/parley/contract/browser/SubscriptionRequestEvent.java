package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code subscription.request}: {@code jid} asks to see the account's presence. */
public record SubscriptionRequestEvent(String accountId, String jid) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.SUBSCRIPTION_REQUEST;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid);
  }

  /** Fails without {@code accountId} or {@code jid}. */
  public static SubscriptionRequestEvent fromJson(JsonObject json) {
    return new SubscriptionRequestEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "jid"));
  }
}
