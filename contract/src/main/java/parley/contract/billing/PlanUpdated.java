package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/** The reply to {@link PlanUpdate}: the plan as billing now defines it. */
public record PlanUpdated(JsonObject plan) {
  public JsonObject toJson() {
    return new JsonObject().put("plan", plan);
  }

  public static PlanUpdated fromJson(JsonObject json) {
    return new PlanUpdated(EventJson.requireObject(json, "plan"));
  }
}
