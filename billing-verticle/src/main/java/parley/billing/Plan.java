package parley.billing;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import parley.contract.FailureCode;
import parley.contract.UsageKind;
import parley.contract.billing.PlanUpdate;

/**
 * One plan: {@code free} (monthly quotas per kind of use), {@code prepaid} (prices in minor units
 * per network and kind; {@code "*"} is the price for networks not listed) or {@code unlimited}.
 */
record Plan(String name, String type, Map<String, Long> quotas, Map<String, Map<String, Long>> prices) {
  static final String FREE = "free";
  static final String PREPAID = "prepaid";
  static final String UNLIMITED = "unlimited";
  static final String ANY_NETWORK = "*";
  /** No single price or quota may be above this: larger is a typing mistake. */
  static final long MAX_VALUE = 1_000_000_000L;

  /** The price of one unit of {@code kind} on {@code network}; 0 on a plan that is not prepaid. */
  long price(String network, String kind) {
    if (!PREPAID.equals(type)) {
      return 0;
    }
    Map<String, Long> byKind = prices.getOrDefault(network, prices.get(ANY_NETWORK));
    return byKind == null ? 0 : byKind.getOrDefault(kind, 0L);
  }

  /** Reads and checks a plan definition; every problem is an {@code INVALID_FIELD} naming it. */
  static Plan parse(String name, JsonObject json) {
    PlanUpdate.checkName(name);
    String type = json.getValue("type") instanceof String t ? t : "";
    Map<String, Long> quotas = new TreeMap<>();
    Map<String, Map<String, Long>> prices = new TreeMap<>();
    switch (type) {
      case FREE -> {
        JsonObject q = object(json, "quotas", name);
        for (String kind : UsageKind.METERED) {
          quotas.put(kind, amount(q.getValue(kind), "quota " + kind + " of plan " + name));
        }
      }
      case PREPAID -> {
        JsonObject p = object(json, "prices", name);
        if (p.isEmpty()) {
          throw FailureCode.INVALID_FIELD.exception("Plan " + name + " needs prices for at least one network.");
        }
        for (String network : p.fieldNames()) {
          JsonObject byKind = p.getValue(network) instanceof JsonObject o ? o : null;
          if (byKind == null) {
            throw FailureCode.INVALID_FIELD.exception("Prices of " + network + " in plan " + name + " must be an object.");
          }
          Map<String, Long> kinds = new TreeMap<>();
          for (String kind : UsageKind.METERED) {
            kinds.put(kind, amount(byKind.getValue(kind, 0), "price of " + kind + " on " + network + " in plan " + name));
          }
          prices.put(network, kinds);
        }
      }
      case UNLIMITED -> { }
      default -> throw FailureCode.INVALID_FIELD.exception("Plan " + name + " must have type free, prepaid or unlimited.");
    }
    return new Plan(name, type, quotas, prices);
  }

  private static JsonObject object(JsonObject json, String field, String plan) {
    if (!(json.getValue(field) instanceof JsonObject o)) {
      throw FailureCode.INVALID_FIELD.exception("Plan " + plan + " needs \"" + field + "\".");
    }
    return o;
  }

  /** A whole number from 0 to {@link #MAX_VALUE}. */
  static long amount(Object value, String what) {
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0 || n.longValue() > MAX_VALUE) {
      throw FailureCode.INVALID_AMOUNT.exception("The " + what + " must be a whole number from 0 to " + MAX_VALUE + ".");
    }
    return n.longValue();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("type", type);
    if (FREE.equals(type)) {
      json.put("quotas", new JsonObject(new TreeMap<>(quotas)));
    }
    if (PREPAID.equals(type)) {
      JsonObject p = new JsonObject();
      prices.forEach((network, kinds) -> p.put(network, new JsonObject(new TreeMap<>(kinds))));
      json.put("prices", p);
    }
    return json;
  }
}
