package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.web.testing.HttpUser;
import parley.web.testing.RawWebSocket;
import parley.web.testing.WebStack;

/**
 * Requests from another origin, as a page on another port of the same host (same site, so the
 * browser sends the user's cookie) would make them: every bridge transport and every
 * state-changing HTTP route refuses them, and Parley's own origin still works.
 */
class OriginTest {
  private static WebStack stack;
  private static String own;
  private static final String FOREIGN = "http://127.0.0.1:1";

  @BeforeAll
  static void start() {
    stack = new WebStack(new JsonObject());
    own = "http://127.0.0.1:" + stack.port;
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** The status of a request to {@code path}, from the headers alone (streaming transports never end their answer). */
  private static int status(HttpMethod method, String path, Map<String, String> headers) {
    HttpClient client = stack.vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(stack.port).setURI(path);
      headers.forEach(options::addHeader);
      HttpClientResponse response = client.request(options).compose(r -> r.send()).await();
      return response.statusCode();
    } finally {
      client.close();
    }
  }

  private static Map<String, String> headers(String cookie, String... pairs) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Cookie", cookie);
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static String session() {
    return "/eventbus/" + (100 + (int) (Math.random() * 800)) + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void everyBridgeTransportRefusesAnotherOrigin() throws Exception {
    HttpUser alice = stack.user().signUp("alice", "alice-password");
    String cookie = alice.cookieHeader();

    // The info answer no longer says "any origin", and another origin does not get it at all.
    assertEquals(403, status(HttpMethod.GET, "/eventbus/info", headers(cookie, "Origin", FOREIGN)));
    HttpResponse<Buffer> info = WebClient.create(stack.vertx, new WebClientOptions()).get(stack.port, "127.0.0.1", "/eventbus/info")
        .putHeader("Origin", own).send().await();
    assertEquals(200, info.statusCode());
    assertFalse(info.bodyAsString().contains("*:*"), info.bodyAsString());
    assertTrue(info.bodyAsJsonObject().getJsonArray("origins").contains(own), info.bodyAsString());

    // Each transport: another origin is refused, Parley's own is served.
    String[][] transports = {
        {"POST", "/xhr"}, {"POST", "/xhr_streaming"}, {"GET", "/eventsource"}, {"GET", "/htmlfile?c=cb"}, {"GET", "/jsonp?c=cb"}};
    for (String[] t : transports) {
      HttpMethod method = HttpMethod.valueOf(t[0]);
      assertEquals(403, status(method, session() + t[1], headers(cookie, "Origin", FOREIGN)), t[1] + " from another origin");
      assertEquals(200, status(method, session() + t[1], headers(cookie, "Origin", own)), t[1] + " from Parley's own origin");
    }
    // A script or frame tag sends no Origin on a GET, but the browser says where the request came from.
    assertEquals(403, status(HttpMethod.GET, session() + "/jsonp?c=cb", headers(cookie, "Sec-Fetch-Site", "same-site")));
    assertEquals(403, status(HttpMethod.GET, session() + "/htmlfile?c=cb", headers(cookie, "Referer", FOREIGN + "/attack.html")));
    assertEquals(403, status(HttpMethod.GET, session() + "/eventsource", headers(cookie, "Origin", "null")));

    // WebSockets, raw and SockJS-framed: the upgrade is refused.
    for (String path : new String[] {"/eventbus/websocket", session() + "/websocket"}) {
      try (RawWebSocket ws = RawWebSocket.open(stack.port, path, headers(cookie, "Origin", FOREIGN), 0)) {
        assertEquals(403, ws.status(), ws.responseHead);
        assertFalse(ws.responseHead.contains("Access-Control-Allow-Origin"), ws.responseHead);
      }
      try (RawWebSocket ws = RawWebSocket.open(stack.port, path, headers(cookie, "Origin", own), 0)) {
        assertEquals(101, ws.status(), ws.responseHead);
      }
    }
  }

  @Test
  void stateChangingRoutesNeedJsonFromParleysOwnPages() {
    JsonObject credentials = new JsonObject().put("username", "mallory").put("password", "mallory-password");
    stack.user().signUp("mallory", "mallory-password");
    WebClient web = WebClient.create(stack.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(stack.port));

    // A form on another site posts text/plain: it does not sign anybody in.
    HttpResponse<Buffer> plain = web.post("/api/signin").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(credentials.encode())).await();
    assertEquals(415, plain.statusCode(), plain.bodyAsString());
    assertEquals("MALFORMED", plain.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(plain.bodyAsJsonObject().getJsonObject("error").getString("text").contains("application/json"));

    // JSON from another origin (a page that may send it, on the same host) is refused as well.
    HttpResponse<Buffer> foreign = web.post("/api/signin").putHeader("Origin", FOREIGN).sendJsonObject(credentials).await();
    assertEquals(403, foreign.statusCode(), foreign.bodyAsString());
    assertEquals("FORBIDDEN", foreign.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(foreign.bodyAsJsonObject().getJsonObject("error").getString("text").contains(FOREIGN));
    assertEquals(403, web.post("/api/signup").putHeader("Sec-Fetch-Site", "cross-site")
        .sendJsonObject(new JsonObject().put("username", "victor").put("password", "victor-password")).await().statusCode());
    assertEquals(403, web.post("/api/signin").putHeader("Referer", FOREIGN + "/")
        .sendJsonObject(credentials).await().statusCode());

    // Parley's own page signs in.
    assertEquals(200, web.post("/api/signin").putHeader("Origin", own).putHeader("Sec-Fetch-Site", "same-origin")
        .sendJsonObject(credentials).await().statusCode());

    // Signing out from another origin, or without JSON, leaves the user signed in.
    HttpUser olga = stack.user().signUp("olga", "olga-password");
    HttpResponse<Buffer> out = web.post("/api/signout").putHeader("Cookie", olga.cookieHeader()).putHeader("Origin", FOREIGN)
        .sendJsonObject(new JsonObject()).await();
    assertEquals(403, out.statusCode());
    HttpResponse<Buffer> noJson = web.post("/api/signout").putHeader("Cookie", olga.cookieHeader()).putHeader("Origin", own)
        .send().await();
    assertEquals(415, noJson.statusCode());
    assertEquals(200, olga.get("/api/me").statusCode(), "still signed in");
    assertEquals(204, web.post("/api/signout").putHeader("Cookie", olga.cookieHeader()).putHeader("Origin", own)
        .sendJsonObject(new JsonObject()).await().statusCode());
    assertEquals(401, olga.get("/api/me").statusCode());
  }

  @Test
  void configuredPublicOriginsReplaceTheServersOwn() {
    JsonObject web = new JsonObject().put("publicOrigins", new io.vertx.core.json.JsonArray().add("https://Parley.example.org:443/"));
    try (WebStack behindProxy = new WebStack(new JsonObject().put("web", web))) {
      WebClient client = WebClient.create(behindProxy.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(behindProxy.port));
      JsonObject credentials = new JsonObject().put("username", "peter").put("password", "peter-password");
      assertEquals(200, client.post("/api/signup").putHeader("Origin", "https://parley.example.org").sendJsonObject(credentials)
          .await().statusCode());
      assertEquals(403, client.post("/api/signin").putHeader("Origin", "http://127.0.0.1:" + behindProxy.port)
          .sendJsonObject(credentials).await().statusCode());
      HttpResponse<Buffer> info = client.get("/eventbus/info").send().await();
      assertEquals("[\"https://parley.example.org\"]", info.bodyAsJsonObject().getJsonArray("origins").encode());
    }
    // A value that is not an origin stops the start with a sentence.
    JsonObject bad = WebStack.config().mergeIn(new JsonObject().put("web", new JsonObject().put("publicOrigins",
        new io.vertx.core.json.JsonArray().add("parley.example.org"))), true);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      Throwable failure = vertx.deployVerticle(new WebVerticle(), new io.vertx.core.DeploymentOptions().setConfig(bad))
          .map(id -> (Throwable) null).otherwise(e -> e).await();
      assertTrue(failure != null && failure.getMessage().contains("web.publicOrigins"), String.valueOf(failure));
    } finally {
      vertx.close().await();
    }
  }
}
