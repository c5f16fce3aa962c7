package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;
import parley.contract.billing.BalanceAdjust;
import parley.contract.billing.BalanceAdjusted;
import parley.contract.billing.PlanChanged;
import parley.contract.billing.PlanSet;
import parley.contract.billing.PlanUpdate;
import parley.contract.billing.PlanUpdated;
import parley.contract.billing.SuspensionChanged;
import parley.contract.billing.UsageView;
import parley.contract.billing.UserGet;
import parley.contract.billing.UserResume;
import parley.contract.billing.UserSuspend;
import parley.contract.billing.UsersFind;
import parley.contract.billing.UsersFound;

/**
 * The admin API (address BROWSER_ADMIN): find users, see one's usage and ledger, top up or adjust
 * with a reason, change plans, suspend and resume. Only admin sockets reach it (the bridge checks);
 * every change is written with who made it and why.
 */
final class AdminApi {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminApi.class);
  private final BillingUsers users;
  private final UsageViews views;
  private final Ledger ledger;
  private final Plans plans;
  private final AllowanceTracker allowances;

  AdminApi(BillingUsers users, UsageViews views, Ledger ledger, Plans plans, AllowanceTracker allowances) {
    this.users = users;
    this.views = views;
    this.ledger = ledger;
    this.plans = plans;
    this.allowances = allowances;
  }

  Future<JsonObject> handle(String adminId, JsonObject r) {
    String type = r.getValue("type") instanceof String t ? t : "";
    if (!BillingRequest.ADMIN.contains(type)) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown admin request type."));
    }
    return who(adminId).compose(who -> switch (type) {
      case BillingRequest.ADMIN_USERS_FIND -> users.find(UsersFind.fromJson(r).query(), 100)
          .map(list -> new UsersFound(list).toJson());
      case BillingRequest.ADMIN_USER_GET -> users.require(UserGet.fromJson(r).userId()).compose(views::of)
          .map(UsageView::toJson);
      case BillingRequest.ADMIN_BALANCE_ADJUST -> adjust(BalanceAdjust.fromJson(r, plans.currency()), who);
      case BillingRequest.ADMIN_PLAN_SET -> setPlan(PlanSet.fromJson(r), who);
      case BillingRequest.ADMIN_SUSPEND -> suspend(UserSuspend.fromJson(r).userId(), who, true);
      case BillingRequest.ADMIN_RESUME -> suspend(UserResume.fromJson(r).userId(), who, false);
      case BillingRequest.ADMIN_PLANS_GET -> Future.succeededFuture(plans.list().toJson());
      default -> planUpdate(PlanUpdate.fromJson(r), who);
    });
  }

  private Future<JsonObject> adjust(BalanceAdjust r, String who) {
    return users.require(r.userId())
        .compose(u -> ledger.addManual(u.userId(), r.entry(), r.amount(), who, r.reason()))
        .compose(entry -> changed(r.userId()).map(v -> new BalanceAdjusted(entry).toJson()));
  }

  private Future<JsonObject> setPlan(PlanSet r, String who) {
    Plan plan = plans.require(r.plan());
    String reason = r.reason() == null ? "" : r.reason();
    return users.require(r.userId())
        .compose(u -> {
          log.info("{} moved {} from plan {} to {}: {}", who, u.username(), u.plan(), plan.name(), reason);
          return users.setPlan(u.userId(), plan.name());
        })
        .compose(v -> changed(r.userId()))
        .map(v -> new PlanChanged(plan.toJson(), reason, who).toJson());
  }

  private Future<JsonObject> suspend(String userId, String who, boolean suspended) {
    return users.require(userId)
        .compose(u -> {
          log.info("{} {} {}", who, suspended ? "suspended" : "resumed", u.username());
          return users.setSuspended(u.userId(), suspended);
        })
        .compose(v -> changed(userId))
        .map(v -> new SuspensionChanged(suspended, who).toJson());
  }

  private Future<JsonObject> planUpdate(PlanUpdate r, String who) {
    return plans.update(r.name(), r.definition(), who).map(p -> new PlanUpdated(p.toJson()).toJson());
  }

  /** Tells the session at once, so a top-up or plan change lifts a refusal (or a suspension bites). */
  private Future<Void> changed(String userId) {
    return allowances.refresh(java.util.List.of(userId));
  }

  /** The admin as the ledger names them: "admin:<username>". */
  private Future<String> who(String adminId) {
    if (!BillingUsers.isUuid(adminId)) {
      return Future.failedFuture(FailureCode.NOT_SIGNED_IN.exception(null));
    }
    return users.get(java.util.List.of(adminId)).map(m -> m.containsKey(adminId)
        ? "admin:" + m.get(adminId).username() : "admin:" + adminId);
  }
}
