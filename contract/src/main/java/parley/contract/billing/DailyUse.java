package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import parley.contract.browser.EventJson;

/** The use of one {@code kind} on one UTC {@code day}, all networks together: a bar of the usage page's chart. */
public record DailyUse(LocalDate day, String kind, long count) {
  public JsonObject toJson() {
    return new JsonObject().put("day", day.toString()).put("kind", kind).put("count", count);
  }

  public static DailyUse fromJson(JsonObject json) {
    return new DailyUse(BillingFields.date(json, "day"), EventJson.requireString(json, "kind"),
        EventJson.requireLong(json, "count"));
  }
}
