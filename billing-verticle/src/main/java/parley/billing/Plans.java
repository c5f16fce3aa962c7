package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import parley.contract.FailureCode;
import parley.contract.billing.PlanList;

/**
 * The plans: those of {@code billing.plans} in the configuration, overridden by the ones an admin
 * changed (table {@code billing.plans}). Also the currency and the default plan of new users.
 */
final class Plans {
  private final Pool pool;
  private final Map<String, Plan> byName = new LinkedHashMap<>();
  private final String defaultPlan;
  private final String currency;

  Plans(Pool pool, JsonObject billingConfig) {
    this.pool = pool;
    JsonObject configured = billingConfig.getJsonObject("plans", defaults());
    configured.forEach(e -> byName.put(e.getKey(), Plan.parse(e.getKey(), (JsonObject) e.getValue())));
    this.defaultPlan = billingConfig.getString("defaultPlan", Plan.FREE);
    this.currency = billingConfig.getString("currency", "EUR");
    if (!byName.containsKey(defaultPlan)) {
      throw new IllegalStateException("billing.defaultPlan \"" + defaultPlan + "\" is not among billing.plans");
    }
  }

  /** Plans used when the configuration has none. */
  static JsonObject defaults() {
    return new JsonObject()
        .put("free", new JsonObject().put("type", Plan.FREE).put("quotas", new JsonObject()
            .put("message-sent", 1000).put("message-received", 5000).put("online-minute", 43200)))
        .put("prepaid", new JsonObject().put("type", Plan.PREPAID).put("prices", new JsonObject()
            .put("*", new JsonObject().put("message-sent", 1).put("message-received", 0).put("online-minute", 0))))
        .put("unlimited", new JsonObject().put("type", Plan.UNLIMITED));
  }

  /**
   * Applies the plans admins changed: at start and before each use, since another billing process
   * may have changed one (a few rows, read by primary key order).
   */
  Future<Void> load() {
    return load(pool);
  }

  Future<Void> load(SqlClient client) {
    return client.query("select name, definition from billing.plans").execute().map(rows -> {
      rows.forEach(row -> byName.put(row.getString("name"), Plan.parse(row.getString("name"), row.getJsonObject("definition"))));
      return null;
    });
  }

  Plan get(String name) {
    Plan plan = byName.get(name);
    return plan != null ? plan : byName.get(defaultPlan);
  }

  Plan require(String name) {
    Plan plan = name == null ? null : byName.get(name);
    if (plan == null) {
      throw FailureCode.UNKNOWN_PLAN.exception("There is no plan \"" + (name == null ? "" : name)
          + "\". Plans: " + String.join(", ", byName.keySet()) + ".");
    }
    return plan;
  }

  /** Creates or changes a plan (admin); stored so it outlives restarts. */
  Future<Plan> update(String name, JsonObject definition, String who) {
    Plan plan = Plan.parse(name, definition);
    JsonObject stored = plan.toJson();
    stored.remove("name");
    return pool.preparedQuery("insert into billing.plans (name, definition, updated_by) values ($1, $2, $3)"
            + " on conflict (name) do update set definition = excluded.definition, updated_by = excluded.updated_by,"
            + " updated_at = now()")
        .execute(Tuple.of(name, stored, who))
        .map(v -> {
          byName.put(name, plan);
          return plan;
        });
  }

  String defaultPlan() {
    return defaultPlan;
  }

  String currency() {
    return currency;
  }

  PlanList list() {
    return new PlanList(byName.values().stream().map(Plan::toJson).toList(), defaultPlan, currency);
  }
}
