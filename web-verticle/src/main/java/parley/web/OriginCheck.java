package parley.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;

/**
 * Only Parley's own pages may open the bridge or change state over HTTP: a page of another
 * origin (even another port of the same host, which the browser counts as the same site and so
 * sends the SameSite cookie to) is refused.
 *
 * <p>A request is from Parley's own page when its {@code Origin} is one of the public origins
 * ({@code web.publicOrigins}; by default the origin the request was addressed to, from its Host
 * header, and {@code http://localhost:<port>}, {@code http://127.0.0.1:<port>}). Without an
 * {@code Origin} (browsers leave it out on same-origin GETs and on script or frame loads),
 * {@code Sec-Fetch-Site}, when sent, must be {@code same-origin} or {@code none}, and a
 * {@code Referer}, when sent, must be of a public origin. A request with none of the three is
 * not from a browser page and passes. State-changing HTTP requests must also be JSON, which
 * a form or a simple cross-site fetch cannot send.
 */
final class OriginCheck {
  private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Configured public origins, normalised; empty for "the server's own". */
  private final Set<String> configured = new LinkedHashSet<>();

  /** @throws IllegalArgumentException for a configured value that is not an origin */
  OriginCheck(JsonArray publicOrigins) {
    if (publicOrigins != null) {
      for (Object o : publicOrigins) {
        String origin = o instanceof String s ? normalise(s) : null;
        if (origin == null) {
          throw new IllegalArgumentException("web.publicOrigins: " + o + " is not an origin like https://parley.example.org");
        }
        configured.add(origin);
      }
    }
  }

  /** Refuses bridge requests (every SockJS transport, and the WebSocket upgrade) from other origins with 403 and a sentence. */
  Handler<RoutingContext> bridge() {
    return ctx -> {
      String refusal = refusal(ctx.request());
      if (refusal == null) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8").end(refusal + "\n");
      }
    };
  }

  /** Refuses state-changing API requests that are not JSON (415) or come from another origin (403). */
  Handler<RoutingContext> api() {
    return ctx -> {
      HttpMethod method = ctx.request().method();
      if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
        ctx.next();
        return;
      }
      String refusal = refusal(ctx.request());
      if (refusal != null) {
        AuthRoutes.error(ctx, 403, FailureCode.FORBIDDEN, refusal);
      } else if (!json(ctx.request().getHeader("Content-Type"))) {
        AuthRoutes.error(ctx, 415, FailureCode.MALFORMED, "Send the request as JSON, with Content-Type: application/json.");
      } else {
        ctx.next();
      }
    };
  }

  /**
   * SockJS's info answer, which vertx-web would give with {@code "origins": ["*:*"]}: here it
   * names the origins this request may come from.
   */
  Handler<RoutingContext> info() {
    return ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .putHeader("Cache-Control", "no-store, no-cache, no-transform, must-revalidate, max-age=0")
        .end(new JsonObject().put("websocket", true).put("cookie_needed", false)
            .put("origins", new JsonArray(java.util.List.copyOf(allowed(ctx.request()))))
            .put("entropy", RANDOM.nextInt() & 0x7fffffffL).encode());
  }

  /** Null when the request may go on; otherwise why not, in a sentence. */
  String refusal(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return allowed(request).contains(normalise(origin)) ? null : refused(request, origin);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
      return refused(request, "a " + site + " page");
    }
    String referer = request.getHeader("Referer");
    if (referer != null && !allowed(request).contains(normalise(referer))) {
      return refused(request, referer);
    }
    return null;
  }

  private static String refused(HttpServerRequest request, String from) {
    log.info("Refused {} {} from {} (not one of Parley's public origins)", request.method(), request.path(), from);
    return "Parley does not accept this request from " + from + ", only from its own pages "
        + "(the setting web.publicOrigins lists them).";
  }

  /** The origins a request to this server may come from. */
  Set<String> allowed(HttpServerRequest request) {
    if (!configured.isEmpty()) {
      return configured;
    }
    Set<String> own = new LinkedHashSet<>();
    HostAndPort authority = request.authority();
    if (authority != null) {
      String addressed = normalise(request.scheme() + "://" + authority.host()
          + (authority.port() >= 0 ? ":" + authority.port() : ""));
      if (addressed != null) {
        own.add(addressed);
      }
    }
    int port = request.localAddress() == null ? -1 : request.localAddress().port();
    if (port > 0) {
      own.add(normalise("http://localhost:" + port));
      own.add(normalise("http://127.0.0.1:" + port));
    }
    return own;
  }

  /** {@code scheme://host[:port]} in lower case without a default port, or null when {@code url} has none. */
  static String normalise(String url) {
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return null;
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static boolean json(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/json");
  }
}
