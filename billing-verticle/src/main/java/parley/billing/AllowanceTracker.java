package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import parley.contract.Addresses;
import parley.contract.billing.Allowance;

/**
 * Works out who may send after each change (usage recorded, top-up, plan change, suspension) and
 * publishes the users whose allowance changed, so the session refuses or allows at once. What was
 * last published is a row per user in {@code billing.allowance_published}, so that any number of
 * billing processes publish each change once, whichever of them recorded what caused it.
 */
final class AllowanceTracker {
  /** Taken on the users' rows while their allowance is worked out and published: one at a time per user. */
  private static final String LOCK = " order by user_id for no key update";

  private final EventBus bus;
  private final Pool pool;
  private final Plans plans;
  private final Money money;
  private final Clock clock;

  AllowanceTracker(EventBus bus, Pool pool, Plans plans, Clock clock) {
    this.bus = bus;
    this.pool = pool;
    this.plans = plans;
    this.money = new Money(plans.currency());
    this.clock = clock;
  }

  /** The allowance of each of these users, as it is now. */
  Future<Map<String, Allowance>> current(Collection<String> userIds) {
    return compute(pool, userIds, "");
  }

  /** A user billing does not know (yet) may send: accounting catches up when their sign-up arrives. */
  Future<Allowance> current(String userId) {
    return current(List.of(userId)).map(m -> m.getOrDefault(userId, Allowance.allowed(userId)));
  }

  private Future<Map<String, Allowance>> compute(SqlClient client, Collection<String> userIds, String lock) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return plans.load(client).compose(v -> computeWithPlans(client, userIds, lock));
  }

  /** As {@link #compute}, with the plans already loaded through {@code client}. */
  private Future<Map<String, Allowance>> computeWithPlans(SqlClient client, Collection<String> userIds, String lock) {
    YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    return BillingUsers.get(client, userIds, lock).compose(known ->
        UsageTotals.byKind(client, known.keySet(), month).compose(usage -> Ledger.balances(client, known.keySet())
            .map(balances -> {
              Map<String, Allowance> out = new HashMap<>();
              known.forEach((id, user) -> out.put(id, AllowanceRules.of(user, plans.get(user.plan()),
                  usage.getOrDefault(id, Map.of()), balances.getOrDefault(id, 0L), month, money)));
              return out;
            })));
  }

  /**
   * Recomputes these users and publishes those whose allowance changed. The users' rows stay
   * locked from the computation until the publication, so two processes refreshing one user take
   * turns: the second sees the first's commit and publishes nothing, or the newer state after it.
   * The publication goes out before the commit; a failed commit publishes it again next time
   * (harmless), never skips it.
   */
  Future<Void> refresh(Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.withTransaction(conn -> compute(conn, userIds, LOCK).compose(statuses -> publishChanged(conn, statuses)));
  }

  /**
   * As {@link #refresh}, inside the caller's transaction that changed these users' usage (the
   * plans already loaded in it): one commit for the usage and its allowance. Should that commit
   * fail, what was published here is published again, or corrected, when the batch comes again.
   */
  Future<Void> refreshIn(SqlConnection conn, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return computeWithPlans(conn, userIds, LOCK).compose(statuses -> publishChanged(conn, statuses));
  }

  private Future<Void> publishChanged(SqlClient conn, Map<String, Allowance> statuses) {
    List<UUID> ids = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    statuses.forEach((id, status) -> {
      ids.add(UUID.fromString(id));
      codes.add(status.canSend() ? "" : status.refusal().name());
    });
    // The unchanged are left out before the upsert, which would lock each of their rows (a WAL
    // record a user a batch) to change nothing; the users' rows locked above keep that read current.
    return conn.preparedQuery("insert into billing.allowance_published (user_id, code)"
            + " select u.user_id, u.code from unnest($1::uuid[], $2::text[]) as u(user_id, code)"
            + " where not exists (select 1 from billing.allowance_published p where p.user_id = u.user_id and p.code = u.code)"
            + " on conflict (user_id) do update"
            + " set code = excluded.code, at = now() where allowance_published.code <> excluded.code returning user_id")
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])).addArrayOfString(codes.toArray(new String[0])))
        .map(changed -> {
          changed.forEach(row -> bus.publish(Addresses.SESSION_BILLING_STATUS, statuses.get(row.getUUID("user_id").toString()).toJson()));
          return null;
        });
  }
}
