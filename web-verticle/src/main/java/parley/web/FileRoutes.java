package parley.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Headers;
import parley.contract.browser.FileClaim;
import parley.boot.ShardRouter;
import parley.boot.TrustedCertificates;

/**
 * {@code POST /files/{slotId}}: the bytes of a file the page sends (XEP-0363). The page first asked
 * the session for a slot ({@code file.slot}); here the signed-in user's slot is claimed by its id
 * ({@code file.claim}, once) and the body is streamed to the PUT URL the IM server gave, with the
 * headers it asked for. The browser names only the slot id, never a URL. The request must come from
 * Parley's own page (an {@code Origin} of a public origin) as {@code application/octet-stream} (which
 * no cross-site form can send), with a {@code Content-Length} equal to the slot's size (which the
 * session checked against {@code session.maxUploadBytes}). The PUT goes to a public address only,
 * the one checked ({@code web.uploadToPrivateAddresses} lets tests and closed networks use others).
 * An https upload service must have a certificate of the JVM's authorities or of
 * {@code web.uploadTrustedCertificate} (a private IM server's own authority).
 */
final class FileRoutes {
  private static final Logger log = LoggerFactory.getLogger(FileRoutes.class);
  private static final long PUT_TIMEOUT_MS = 120_000;

  private final Vertx vertx;
  private final ShardRouter commands;
  private final OriginCheck origins;
  private final boolean privateAddresses;
  private final HttpClient client;

  /** {@code trustedCertificate}: a PEM file whose certificates the PUTs trust besides the JVM's authorities, or null. */
  FileRoutes(Vertx vertx, ShardRouter commands, OriginCheck origins, boolean privateAddresses, String trustedCertificate) {
    this.vertx = vertx;
    this.commands = commands;
    this.origins = origins;
    this.privateAddresses = privateAddresses;
    HttpClientOptions options = new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(60);
    if (trustedCertificate != null) {
      options.setTrustOptions(TrustOptions.wrap(TrustedCertificates.fromPem(Path.of(trustedCertificate))));
    }
    this.client = vertx.createHttpClient(options);
  }

  void mount(Router router) {
    router.post("/files/:slotId").handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Held until the slot is known; the PUT then reads it as it goes.
    request.pause();
    String refusal = request.getHeader("Origin") == null ? "Send files from Parley's own page." : origins.refusal(request);
    if (refusal != null) {
      refuse(ctx, 403, FailureCode.FORBIDDEN, refusal);
      return;
    }
    String type = request.getHeader("Content-Type");
    if (type == null || !type.trim().equalsIgnoreCase("application/octet-stream")) {
      refuse(ctx, 415, FailureCode.MALFORMED, "Send the file as application/octet-stream.");
      return;
    }
    String userId = ctx.session() == null ? null : ctx.session().get(WebVerticle.SESSION_USER_ID);
    if (userId == null) {
      refuse(ctx, 401, FailureCode.NOT_SIGNED_IN, null);
      return;
    }
    long length = contentLength(request);
    if (length <= 0) {
      refuse(ctx, 411, FailureCode.INVALID_FIELD, "Send the file with its Content-Length.");
      return;
    }
    String slotId = ctx.pathParam("slotId");
    if (slotId == null || !slotId.matches("[0-9a-f]{1,64}")) {
      refuse(ctx, 400, FailureCode.INVALID_FIELD, "That upload slot is unknown or expired; send the file again.");
      return;
    }
    FileClaim command = new FileClaim(slotId);
    JsonObject claim = command.toJson().put("type", command.type());
    commands.request(userId, claim, Map.of(Headers.USER_ID, userId)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().putHeader("Connection", "close");
        AuthRoutes.failed(ctx, ar.cause());
        return;
      }
      JsonObject slot = (JsonObject) ar.result().body();
      if (length != slot.getLong("size")) {
        refuse(ctx, 413, FailureCode.INVALID_FIELD, "The file is " + length + " bytes, but the slot was asked for "
            + slot.getLong("size") + " bytes.");
        return;
      }
      put(ctx, slot, length);
    });
  }

  private void put(RoutingContext ctx, JsonObject slot, long length) {
    URI url;
    try {
      url = new URI(slot.getString("putUrl"));
    } catch (java.net.URISyntaxException | NullPointerException e) {
      refuse(ctx, 502, FailureCode.IM_ERROR, "The IM server gave an upload address Parley cannot use.");
      return;
    }
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    if (host == null || !(tls || "http".equalsIgnoreCase(url.getScheme()))) {
      refuse(ctx, 502, FailureCode.IM_ERROR, "The IM server gave an upload address Parley cannot use.");
      return;
    }
    // Resolved once and connected to that address, so a name cannot point elsewhere between check and PUT.
    vertx.executeBlocking(() -> InetAddress.getByName(host)).onComplete(resolved -> {
      if (resolved.failed()) {
        refuse(ctx, 502, FailureCode.IM_ERROR, "The IM server's upload address " + host + " could not be found.");
        return;
      }
      InetAddress ip = resolved.result();
      if (!privateAddresses && !isPublic(ip)) {
        log.warn("Upload slot URL names a non-public address {} ({})", host, ip.getHostAddress());
        refuse(ctx, 502, FailureCode.IM_ERROR, "The IM server's upload address is not on the public internet; Parley does not send files there.");
        return;
      }
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setServer(SocketAddress.inetSocketAddress(port, ip.getHostAddress()))
          .setHost(host).setPort(port).setSsl(tls).setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
          .setIdleTimeout(PUT_TIMEOUT_MS);
      JsonObject headers = slot.getJsonObject("headers", new JsonObject());
      for (String name : headers.fieldNames()) {
        options.putHeader(name, String.valueOf(headers.getValue(name)));
      }
      String contentType = slot.getString("contentType");
      options.putHeader("Content-Type", contentType == null ? "application/octet-stream" : contentType);
      options.putHeader("Content-Length", Long.toString(length));
      client.request(options)
          .compose(put -> put.send(ctx.request()))
          .onComplete(sent -> {
            if (sent.failed()) {
              log.info("Upload to {} failed: {}", host, sent.cause().getMessage());
              refuse(ctx, 502, FailureCode.IM_ERROR, untrusted(sent.cause())
                  ? "The IM server's upload service at " + host + " has a certificate Parley does not trust."
                  : "The IM server's upload service could not be reached.");
            } else if (sent.result().statusCode() / 100 != 2) {
              refuse(ctx, 502, FailureCode.IM_ERROR, "The IM server's upload service refused the file (HTTP "
                  + sent.result().statusCode() + ").");
            } else {
              ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                  .end(new JsonObject().put("getUrl", slot.getString("getUrl")).encode());
            }
          });
    });
  }

  /** Not loopback, private, link-local, unspecified or multicast (IPv4 and IPv6, with IPv4-mapped forms). */
  static boolean isPublic(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress()
        || ip.isMulticastAddress()) {
      return false;
    }
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // 0/8, 100.64/10 (carrier-grade NAT), 192.0.0/24, 198.18/15 (benchmarks), 240/4.
      return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
          && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }
    // fc00::/7 unique local addresses.
    return (b[0] & 0xfe) != 0xfc;
  }

  /** Whether the connection failed on the server's certificate (the cause may be wrapped by Netty). */
  private static boolean untrusted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Answers with the failure and closes the connection, so an unread body is not read on. */
  private static void refuse(RoutingContext ctx, int status, FailureCode code, String text) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().putHeader("Connection", "close");
    AuthRoutes.error(ctx, status, code, text);
  }
}
