package parley.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import parley.contract.BillingRequest;
import parley.contract.FailureCode;
import parley.contract.billing.Statement;
import parley.contract.billing.StatementCsvGet;
import parley.contract.billing.StatementFile;
import parley.contract.billing.StatementGet;
import parley.contract.billing.UsageView;

/** What a signed-in user may ask of billing about themselves (address BROWSER_BILLING). */
final class BrowserBillingApi {
  private final BillingUsers users;
  private final UsageViews views;
  private final Statements statements;
  private final Plans plans;

  BrowserBillingApi(BillingUsers users, UsageViews views, Statements statements, Plans plans) {
    this.users = users;
    this.views = views;
    this.statements = statements;
    this.plans = plans;
  }

  Future<JsonObject> handle(String userId, JsonObject request) {
    String type = request.getValue("type") instanceof String t ? t : "";
    if (!BillingRequest.BROWSER.contains(type)) {
      return Future.failedFuture(FailureCode.UNKNOWN_TYPE.exception("Unknown billing request type."));
    }
    return switch (type) {
      case BillingRequest.USAGE_GET -> users.require(userId).compose(views::of).map(UsageView::toJson);
      case BillingRequest.STATEMENT_GET -> statement(userId, StatementGet.fromJson(request));
      default -> statementCsv(userId, StatementCsvGet.fromJson(request));
    };
  }

  private Future<JsonObject> statement(String userId, StatementGet request) {
    return users.require(userId).compose(user -> statements.statement(user, request.month(), plans.currency()))
        .map(Statement::toJson);
  }

  private Future<JsonObject> statementCsv(String userId, StatementCsvGet request) {
    return users.require(userId).compose(user -> statements.statement(user, request.month(), plans.currency()))
        .map(s -> StatementFile.of(request.month(), StatementCsv.of(s)).toJson());
  }
}
