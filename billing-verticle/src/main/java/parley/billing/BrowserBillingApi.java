package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;

/** What a signed-in user may ask of billing about themselves (address BROWSER_BILLING). */
final class BrowserBillingApi {
  private final BillingUsers users;
  private final UsageView view;
  private final Statements statements;
  private final Plans plans;

  BrowserBillingApi(BillingUsers users, UsageView view, Statements statements, Plans plans) {
    this.users = users;
    this.view = view;
    this.statements = statements;
    this.plans = plans;
  }

  Future<JsonObject> handle(String userId, JsonObject request) {
    String type = request.getString("type");
    if (!BillingRequest.BROWSER.contains(type == null ? "" : type)) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown billing request type."));
    }
    return users.require(userId).compose(user -> switch (type) {
      case BillingRequest.USAGE_GET -> view.of(user);
      case BillingRequest.STATEMENT_GET -> statements.statement(user, Statements.month(request.getValue("month")), plans.currency());
      default -> statements.statement(user, Statements.month(request.getValue("month")), plans.currency())
          .map(s -> new JsonObject().put("filename", "parley-statement-" + s.getString("month") + ".csv")
              .put("csv", StatementCsv.of(s)));
    });
  }
}
