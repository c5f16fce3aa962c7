package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/** The reply to {@link PlanSet}: the user's new {@code plan} (as billing defines it), the reason ("" when none) and who. */
public record PlanChanged(JsonObject plan, String reason, String by) {
  public JsonObject toJson() {
    return new JsonObject().put("plan", plan).put("reason", reason).put("by", by);
  }

  public static PlanChanged fromJson(JsonObject json) {
    return new PlanChanged(EventJson.requireObject(json, "plan"), EventJson.requireText(json, "reason"),
        EventJson.requireString(json, "by"));
  }
}
