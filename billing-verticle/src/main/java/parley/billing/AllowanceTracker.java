package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parley.contract.Addresses;

/**
 * Works out who may send after each change (usage recorded, top-up, plan change, suspension) and
 * publishes the users whose allowance changed, so the session refuses or allows at once.
 */
final class AllowanceTracker {
  private final EventBus bus;
  private final BillingUsers users;
  private final Plans plans;
  private final UsageTotals totals;
  private final Ledger ledger;
  private final Money money;
  private final Clock clock;
  /** What was last published per user: the error code, or "" for allowed. */
  private final Map<String, String> published = new HashMap<>();

  AllowanceTracker(EventBus bus, BillingUsers users, Plans plans, UsageTotals totals, Ledger ledger, Clock clock) {
    this.bus = bus;
    this.users = users;
    this.plans = plans;
    this.totals = totals;
    this.ledger = ledger;
    this.money = new Money(plans.currency());
    this.clock = clock;
  }

  /** The allowance of each of these users, as it is now. */
  Future<Map<String, JsonObject>> current(Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    return users.get(userIds).compose(known -> totals.byKind(known.keySet(), month)
        .compose(usage -> ledger.balances(known.keySet()).map(balances -> {
          Map<String, JsonObject> out = new HashMap<>();
          known.forEach((id, user) -> out.put(id, Allowance.of(user, plans.get(user.plan()),
              usage.getOrDefault(id, Map.of()), balances.getOrDefault(id, 0L), month, money)));
          return out;
        })));
  }

  Future<JsonObject> current(String userId) {
    return current(List.of(userId)).map(m -> m.get(userId));
  }

  /** Recomputes these users and publishes those whose allowance changed. */
  Future<Void> refresh(Collection<String> userIds) {
    return current(userIds).map(statuses -> {
      statuses.forEach((id, status) -> {
        JsonObject error = status.getJsonObject("error");
        String code = error == null ? "" : error.getString("code");
        if (!code.equals(published.put(id, code))) {
          bus.publish(Addresses.SESSION_BILLING_STATUS, status);
        }
      });
      return null;
    });
  }
}
