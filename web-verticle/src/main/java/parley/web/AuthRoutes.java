package parley.web;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.SessionRequest;
import parley.contract.session.Identity;
import parley.contract.session.SignIn;
import parley.contract.session.SignOut;

/** Sign-up, sign-in, sign-out and "who am I" over plain HTTP, backed by the session verticle. */
final class AuthRoutes {
  private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

  private final EventBus bus;
  /** Whether a proxy in front of Parley sets X-Forwarded-For (only then is it read). */
  private final boolean trustProxy;

  AuthRoutes(EventBus bus, boolean trustProxy) {
    this.bus = bus;
    this.trustProxy = trustProxy;
  }

  void mount(Router router) {
    router.post("/api/signup").handler(ctx -> signIn(ctx, SessionRequest.SIGN_UP));
    router.post("/api/signin").handler(ctx -> signIn(ctx, SessionRequest.SIGN_IN));
    router.post("/api/signout").handler(this::signOut);
    router.get("/api/me").handler(ctx -> {
      Session session = ctx.session();
      String userId = session.get(WebVerticle.SESSION_USER_ID);
      if (userId == null) {
        error(ctx, FailureCode.NOT_SIGNED_IN, null);
      } else {
        json(ctx, 200, new Identity(userId, session.get(WebVerticle.SESSION_USERNAME),
            Boolean.TRUE.equals(session.get(WebVerticle.SESSION_ADMIN))).toJson());
      }
    });
  }

  private void signIn(RoutingContext ctx, String type) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, FailureCode.MALFORMED, "Send a JSON object with username and password.");
      return;
    }
    SignIn request;
    try {
      request = SignIn.fromPage(type, body, clientAddress(ctx.request(), trustProxy));
    } catch (ParleyException e) {
      error(ctx, e.code(), e.getMessage());
      return;
    }
    bus.<JsonObject>request(Addresses.SESSION_AUTH, request.toJson())
        .map(reply -> Identity.fromJson(reply.body()))
        .onComplete(ar -> {
          if (ar.failed()) {
            failed(ctx, ar.cause());
            return;
          }
          Identity identity = ar.result();
          // A new session id on sign-in, so an id planted before sign-in is worth nothing.
          ctx.session().regenerateId();
          ctx.session().put(WebVerticle.SESSION_USER_ID, identity.userId());
          ctx.session().put(WebVerticle.SESSION_USERNAME, identity.username());
          ctx.session().put(WebVerticle.SESSION_ADMIN, identity.admin());
          json(ctx, 200, identity.toJson());
        });
  }

  private void signOut(RoutingContext ctx) {
    Session session = ctx.session();
    String userId = session.get(WebVerticle.SESSION_USER_ID);
    session.destroy();
    if (userId == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    bus.request(Addresses.SESSION_AUTH, new SignOut(userId).toJson())
        .onComplete(ar -> {
          if (ar.failed()) {
            log.warn("Session did not confirm sign-out of {}: {}", userId, ar.cause().getMessage());
          }
          ctx.response().setStatusCode(204).end();
        });
  }

  /**
   * The address sign-in attempts are counted under: the connection's remote address, or behind a
   * trusted proxy the last X-Forwarded-For entry (the one the proxy added; earlier entries are
   * whatever the client claimed).
   */
  static String clientAddress(HttpServerRequest request, boolean trustProxy) {
    if (trustProxy) {
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        if (!last.isEmpty()) {
          return last;
        }
      }
    }
    SocketAddress remote = request.remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  static void failed(RoutingContext ctx, Throwable cause) {
    if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      error(ctx, FailureCode.of(r.failureCode()), r.getMessage());
    } else {
      log.error("Sign-in request failed", cause);
      error(ctx, FailureCode.INTERNAL, "Parley's session service is not answering; try again in a moment.");
    }
  }

  static void error(RoutingContext ctx, FailureCode code, String text) {
    error(ctx, httpStatus(code), code, text);
  }

  static void error(RoutingContext ctx, int status, FailureCode code, String text) {
    json(ctx, status, new JsonObject().put("error", code.toJson(text)));
  }

  private static int httpStatus(FailureCode code) {
    return switch (code) {
      case NOT_SIGNED_IN, BAD_CREDENTIALS -> 401;
      case FORBIDDEN -> 403;
      case USERNAME_TAKEN -> 409;
      case RATE_LIMITED -> 429;
      case TEXT_TOO_LONG -> 413;
      case INTERNAL -> 503;
      default -> 400;
    };
  }

  static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
