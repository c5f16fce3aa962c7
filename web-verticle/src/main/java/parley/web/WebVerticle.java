package parley.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.ClusterBoot;
import parley.boot.Monitoring;
import parley.boot.ParleyConfig;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.Shards;
import parley.boot.ShardRouter;

/**
 * The browser's way in: the web app, sign-in over HTTP, and the SockJS event-bus bridge at
 * {@code /eventbus}. Configuration: section {@code web}.
 */
public class WebVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WebVerticle.class);

  static final String SESSION_USER_ID = "userId";
  static final String SESSION_USERNAME = "username";
  /** Whether the signed-in user has the admin role (learnt from the session at sign-in). */
  static final String SESSION_ADMIN = "admin";
  static final String SESSION_COOKIE = "parley_session";
  /** Sign-in, sign-up and the bridge frames are small; anything larger is refused. */
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private HttpServer server;
  private FileRoutes files;
  private ShardRouter fileClaims;

  @Override
  public Future<?> start() {
    JsonObject config = ParleyConfig.section(config(), "web");
    // Clustered: any web process serves any browser, and a backup copy outlives a killed member (see ClusterBoot).
    SessionStore store = vertx.isClustered() ? ClusteredSessionStore.create(vertx, ClusterBoot.SIGN_IN_SESSIONS_MAP)
        : LocalSessionStore.create(vertx);
    SessionHandler sessions = SessionHandler.create(store)
        .setSessionCookieName(SESSION_COOKIE)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(config.getBoolean("secureCookies", false))
        .setSessionTimeout(config.getLong("sessionTimeoutHours", 24L * 7) * 3600_000L);

    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response()
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer")
          // img-src https: for previews of images sent in chats (https only, without a referrer).
          .putHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data: https:; "
              + "style-src 'self'; script-src 'self'; frame-ancestors 'none'");
      ctx.next();
    });
    router.route().handler(sessions);
    OriginCheck origins;
    try {
      origins = new OriginCheck(config.getJsonArray("publicOrigins"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    // Before /api/*: a file's body is streamed on, not read whole into memory.
    fileClaims = new ShardRouter(vertx, ParleyConfig.section(config(), "cluster").getInteger("shards", Shards.DEFAULT_COUNT),
        Headers.KIND_COMMAND, Addresses.BROWSER_COMMANDS, 0, 25_000, shard -> { });
    fileClaims.start();
    files = new FileRoutes(vertx, fileClaims, origins, config.getBoolean("uploadToPrivateAddresses", false),
        config.getString("uploadTrustedCertificate"));
    files.mount(router);
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/*").handler(origins.api());
    new AuthRoutes(vertx.eventBus(), config.getBoolean("trustProxy", false)).mount(router);
    new StatementRoutes(vertx.eventBus()).mount(router);
    new AdminNodeRoutes(vertx, config).mount(router);
    new ExportRoutes(fileClaims).mount(router);
    router.route("/api/*").handler(ctx -> AuthRoutes.error(ctx, FailureCode.UNKNOWN_TYPE, "No such API."));

    BridgeGuard guard = new BridgeGuard(vertx, config,
        ParleyConfig.section(config(), "cluster").getInteger("shards", Shards.DEFAULT_COUNT));
    SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setMaxBytesStreaming(64 * 1024));
    // Before SockJS: its own answers would let any origin in (and echo it in CORS headers).
    router.route("/eventbus/*").handler(origins.bridge());
    router.get("/eventbus/info").handler(origins.info());
    router.route("/eventbus/*").subRouter(sockJs.bridge(BridgeGuard.options(), guard));

    router.route().handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));
    router.route().failureHandler(ctx -> {
      if (ctx.statusCode() == 413) {
        AuthRoutes.error(ctx, FailureCode.TEXT_TOO_LONG, "The request is too large.");
      } else if (ctx.statusCode() > 0 && ctx.statusCode() < 500) {
        ctx.response().setStatusCode(ctx.statusCode()).end();
      } else {
        log.error("Request {} failed", ctx.request().path(), ctx.failure());
        AuthRoutes.error(ctx, FailureCode.INTERNAL, null);
      }
    });

    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.getInteger("port", 8080), config.getString("host", "0.0.0.0"))
        .onSuccess(s -> {
          server = s;
          Monitoring.ready(vertx, "web-server", () -> server != null, "The web server is not listening.");
          log.info("Parley web listening on http://{}:{}/", config.getString("host", "0.0.0.0"), s.actualPort());
        });
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
