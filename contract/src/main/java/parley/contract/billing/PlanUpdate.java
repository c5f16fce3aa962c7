package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;

/**
 * {@code plan.update} (admin): creates or changes the plan {@code name}; billing checks the
 * {@code definition} ({@code type} and its quotas or prices) against its own rules.
 */
public record PlanUpdate(String name, JsonObject definition) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  public JsonObject toJson() {
    return BillingFields.request(BillingRequest.ADMIN_PLAN_UPDATE).put("name", name).put("definition", definition);
  }

  /** Fails unless {@code definition} is an object and {@code name} a plan name. */
  public static PlanUpdate fromJson(JsonObject json) {
    if (!(json.getValue("definition") instanceof JsonObject definition)) {
      throw FailureCode.INVALID_FIELD.exception("definition must be a plan object.");
    }
    return new PlanUpdate(checkName(json.getValue("name")), definition);
  }

  /** A plan's name (here and in the configuration): fails unless 1 to 32 lowercase letters, digits or '-'. */
  public static String checkName(Object name) {
    if (!(name instanceof String s) || !NAME.matcher(s).matches()) {
      throw FailureCode.INVALID_FIELD.exception("A plan name is 1 to 32 lowercase letters, digits or '-'.");
    }
    return s;
  }
}
