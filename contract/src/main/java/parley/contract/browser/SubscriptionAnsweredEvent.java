package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code subscription.answered}: the request of {@code jid} was answered ({@code approve}) on one of the user's pages. */
public record SubscriptionAnsweredEvent(String accountId, String jid, boolean approve) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.SUBSCRIPTION_ANSWERED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid).put("approve", approve);
  }

  /** Fails without {@code accountId}, {@code jid} or the boolean {@code approve}. */
  public static SubscriptionAnsweredEvent fromJson(JsonObject json) {
    return new SubscriptionAnsweredEvent(EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "jid"),
        EventJson.requireBoolean(json, "approve"));
  }
}
