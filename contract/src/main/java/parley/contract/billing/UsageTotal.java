package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/**
 * The use of one {@code kind} on one {@code network} in a month: {@code count} uses of {@code
 * bytes} in all; {@code charge} (minor units, negative) on a statement, null (absent) on the usage view.
 */
public record UsageTotal(String network, String kind, long count, long bytes, Long charge) {
  public UsageTotal withCharge(long charge) {
    return new UsageTotal(network, kind, count, bytes, charge);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("network", network).put("kind", kind).put("count", count).put("bytes", bytes);
    return BillingFields.putIf(json, "charge", charge);
  }

  public static UsageTotal fromJson(JsonObject json) {
    return new UsageTotal(EventJson.requireString(json, "network"), EventJson.requireString(json, "kind"),
        EventJson.requireLong(json, "count"), EventJson.requireLong(json, "bytes"),
        EventJson.optionalLong(json, "charge"));
  }
}
