package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;
import parley.contract.LedgerEntry;

/**
 * The admin API (address BROWSER_ADMIN): find users, see one's usage and ledger, top up or adjust
 * with a reason, change plans, suspend and resume. Only admin sockets reach it (the bridge checks);
 * every change is written with who made it and why.
 */
final class AdminApi {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminApi.class);
  private final BillingUsers users;
  private final UsageView view;
  private final Ledger ledger;
  private final Plans plans;
  private final AllowanceTracker allowances;

  AdminApi(BillingUsers users, UsageView view, Ledger ledger, Plans plans, AllowanceTracker allowances) {
    this.users = users;
    this.view = view;
    this.ledger = ledger;
    this.plans = plans;
    this.allowances = allowances;
  }

  Future<JsonObject> handle(String adminId, JsonObject r) {
    String type = r.getString("type", "");
    if (!BillingRequest.ADMIN.contains(type)) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown admin request type."));
    }
    return who(adminId).compose(who -> switch (type) {
      case BillingRequest.ADMIN_USERS_FIND -> users.find(text(r, "query", 64, false), 100)
          .map(list -> new JsonObject().put("users", list));
      case BillingRequest.ADMIN_USER_GET -> users.require(r.getString("userId")).compose(view::of);
      case BillingRequest.ADMIN_BALANCE_ADJUST -> users.require(r.getString("userId"))
          .compose(u -> ledger.addManual(u.userId(), r.getString("entry", LedgerEntry.TOP_UP), r.getValue("amount"), who,
              text(r, "reason", 500, true)))
          .compose(entry -> changed(r.getString("userId")).map(v -> new JsonObject().put("entry", entry)));
      case BillingRequest.ADMIN_PLAN_SET -> setPlan(r, who);
      case BillingRequest.ADMIN_SUSPEND -> suspend(r, who, true);
      case BillingRequest.ADMIN_RESUME -> suspend(r, who, false);
      case BillingRequest.ADMIN_PLANS_GET -> Future.succeededFuture(plans.toJson());
      default -> planUpdate(r, who);
    });
  }

  private Future<JsonObject> setPlan(JsonObject r, String who) {
    Plan plan = plans.require(r.getString("plan"));
    String reason = text(r, "reason", 500, false);
    return users.require(r.getString("userId"))
        .compose(u -> {
          log.info("{} moved {} from plan {} to {}: {}", who, u.username(), u.plan(), plan.name(), reason);
          return users.setPlan(u.userId(), plan.name());
        })
        .compose(v -> changed(r.getString("userId")))
        .map(v -> new JsonObject().put("plan", plan.toJson()).put("reason", reason).put("by", who));
  }

  private Future<JsonObject> suspend(JsonObject r, String who, boolean suspended) {
    return users.require(r.getString("userId"))
        .compose(u -> {
          log.info("{} {} {}", who, suspended ? "suspended" : "resumed", u.username());
          return users.setSuspended(u.userId(), suspended);
        })
        .compose(v -> changed(r.getString("userId")))
        .map(v -> new JsonObject().put("suspended", suspended).put("by", who));
  }

  private Future<JsonObject> planUpdate(JsonObject r, String who) {
    if (!(r.getValue("definition") instanceof JsonObject definition)) {
      return Future.failedFuture(FailureCode.INVALID_FIELD.exception("definition must be a plan object."));
    }
    return plans.update(r.getString("name"), definition, who).map(p -> new JsonObject().put("plan", p.toJson()));
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

  private static String text(JsonObject r, String field, int max, boolean required) {
    Object v = r.getValue(field);
    if (v == null && !required) {
      return "";
    }
    if (!(v instanceof String s) || s.length() > max || (required && s.isBlank())) {
      throw FailureCode.INVALID_FIELD.exception(field + (required ? " is required, " : " must be ") + "text of at most "
          + max + " characters.");
    }
    return s;
  }
}
