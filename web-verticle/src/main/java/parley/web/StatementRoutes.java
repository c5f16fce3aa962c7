package parley.web;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.ParleyException;
import parley.contract.billing.StatementCsvGet;
import parley.contract.billing.StatementFile;

/** {@code GET /api/statements/2026-11.csv}: the signed-in user's monthly statement as a CSV download. */
final class StatementRoutes {
  private final EventBus bus;

  StatementRoutes(EventBus bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/api/statements/:file").handler(this::statement);
  }

  private void statement(RoutingContext ctx) {
    String userId = ctx.session().get(WebVerticle.SESSION_USER_ID);
    if (userId == null) {
      AuthRoutes.error(ctx, FailureCode.NOT_SIGNED_IN, null);
      return;
    }
    String file = ctx.pathParam("file");
    if (file == null || !file.matches("\\d{4}-\\d{2}\\.csv")) {
      AuthRoutes.error(ctx, FailureCode.INVALID_FIELD, "Ask for a month like /api/statements/2026-11.csv.");
      return;
    }
    StatementCsvGet request;
    try {
      request = StatementCsvGet.of(file.substring(0, 7));
    } catch (ParleyException e) {
      AuthRoutes.error(ctx, e.code(), e.getMessage());
      return;
    }
    // Always the signed-in user's own statement: the user id comes from the session, never the request.
    bus.<JsonObject>request(Addresses.BROWSER_BILLING, request.toJson(),
            new DeliveryOptions().addHeader(Headers.USER_ID, userId))
        .map(answer -> StatementFile.fromJson(answer.body()))
        .onComplete(ar -> {
          if (ar.failed()) {
            AuthRoutes.failed(ctx, ar.cause());
            return;
          }
          StatementFile reply = ar.result();
          ctx.response()
              .putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"" + reply.filename() + "\"")
              .end(reply.csv());
        });
  }
}
