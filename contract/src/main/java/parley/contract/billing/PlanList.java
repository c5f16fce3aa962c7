package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.browser.EventJson;

/** The reply to {@link PlansGet}: every plan (as billing defines plans), the default plan of new users and the currency. */
public record PlanList(List<JsonObject> plans, String defaultPlan, String currency) {
  public PlanList {
    plans = List.copyOf(plans);
  }

  public JsonObject toJson() {
    return new JsonObject().put("plans", BillingFields.array(plans, p -> p)).put("defaultPlan", defaultPlan)
        .put("currency", currency);
  }

  public static PlanList fromJson(JsonObject json) {
    return new PlanList(BillingFields.objects(json, "plans", p -> p), EventJson.requireString(json, "defaultPlan"),
        EventJson.requireString(json, "currency"));
  }
}
