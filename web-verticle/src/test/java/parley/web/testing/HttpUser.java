package parley.web.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.core.buffer.Buffer;

/** One person's HTTP side of Parley (cookies kept), for tests. */
public final class HttpUser {
  private final WebClientSession client;
  private final int port;
  private String userId;

  public HttpUser(Vertx vertx, int port) {
    this.client = WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
    this.port = port;
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(path).sendJsonObject(body).await();
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  /** Signs up and stays signed in. */
  public HttpUser signUp(String username, String password) {
    HttpResponse<Buffer> r = post("/api/signup", new JsonObject().put("username", username).put("password", password));
    if (r.statusCode() != 200) {
      throw new AssertionError("sign-up of " + username + " failed: " + r.statusCode() + " " + r.bodyAsString());
    }
    userId = r.bodyAsJsonObject().getString("userId");
    return this;
  }

  /** Signs in (again) and stays signed in. */
  public HttpUser signIn(String username, String password) {
    HttpResponse<Buffer> r = post("/api/signin", new JsonObject().put("username", username).put("password", password));
    if (r.statusCode() != 200) {
      throw new AssertionError("sign-in of " + username + " failed: " + r.statusCode() + " " + r.bodyAsString());
    }
    userId = r.bodyAsJsonObject().getString("userId");
    return this;
  }

  public String userId() {
    return userId;
  }

  /** The Cookie header the browser would send. */
  public String cookieHeader() {
    StringBuilder out = new StringBuilder();
    client.cookieStore().get(false, "127.0.0.1", "/").forEach(c -> {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(c.name()).append("=").append(c.value());
    });
    return out.toString();
  }

  public BridgeClient openBridge(Vertx vertx) {
    return BridgeClient.connect(vertx, port, cookieHeader());
  }
}
