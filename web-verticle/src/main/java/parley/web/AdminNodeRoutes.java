package parley.web;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.ParleyException;
import parley.contract.nodes.NodesDrain;

/**
 * {@code POST /api/admin/nodes/drain} with {@code {"nodeId": "…"}}: an admin drains a protocol node
 * from a script, as the admin page does over the bridge. Admins only (the role the session gave at
 * sign-in), origin-checked like every state-changing API route, and limited per admin by the
 * bridge's per-user command budget ({@code web.userCommandsPerSecond}, {@code web.userCommandBurst}).
 */
final class AdminNodeRoutes {
  private static final Logger log = LoggerFactory.getLogger(AdminNodeRoutes.class);

  private final EventBus bus;
  private final double perSecond;
  private final double burst;
  /** One budget per admin; forgotten once full again (a new one would be the same). */
  private final Map<String, TokenBucket> budgets = new HashMap<>();

  AdminNodeRoutes(Vertx vertx, JsonObject config) {
    this.bus = vertx.eventBus();
    this.perSecond = config.getDouble("userCommandsPerSecond", 40.0);
    this.burst = config.getDouble("userCommandBurst", 80.0);
    vertx.setPeriodic(60_000, id -> {
      long now = System.nanoTime();
      budgets.values().removeIf(b -> b.full(now));
    });
  }

  void mount(Router router) {
    router.post("/api/admin/nodes/drain").handler(this::drain);
  }

  private void drain(RoutingContext ctx) {
    String userId = ctx.session().get(WebVerticle.SESSION_USER_ID);
    if (userId == null) {
      AuthRoutes.error(ctx, FailureCode.NOT_SIGNED_IN, null);
      return;
    }
    if (!Boolean.TRUE.equals(ctx.session().get(WebVerticle.SESSION_ADMIN))) {
      log.warn("User {} (not an admin) tried to drain a protocol node", userId);
      AuthRoutes.error(ctx, FailureCode.FORBIDDEN, "Only an admin may drain a protocol node.");
      return;
    }
    if (!budgets.computeIfAbsent(userId, u -> new TokenBucket(perSecond, burst, System.nanoTime())).tryTake(System.nanoTime())) {
      AuthRoutes.error(ctx, FailureCode.RATE_LIMITED, "Too many admin requests; wait a moment and try again.");
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      AuthRoutes.error(ctx, FailureCode.MALFORMED, "Send {\"nodeId\": \"…\"} as JSON.");
      return;
    }
    NodesDrain request;
    try {
      request = NodesDrain.fromJson(body);
    } catch (ParleyException e) {
      AuthRoutes.error(ctx, e.code(), e.getMessage());
      return;
    }
    // The admin's id from the session, never from the request: the session logs who drained what.
    bus.<JsonObject>request(Addresses.BROWSER_ADMIN_NODES, request.toJson(), new DeliveryOptions().addHeader(Headers.USER_ID, userId))
        .onComplete(ar -> {
          if (ar.failed()) {
            AuthRoutes.failed(ctx, ar.cause());
          } else {
            AuthRoutes.json(ctx, 200, ar.result().body());
          }
        });
  }
}
