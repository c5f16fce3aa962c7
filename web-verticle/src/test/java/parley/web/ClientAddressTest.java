package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import parley.contract.Addresses;
import parley.contract.SessionRequest;
import parley.contract.session.SignIn;
import parley.web.testing.WebStack;

/**
 * The session learns each sign-in's client address (to slow down password guessing per
 * address): the connection's own address, or the proxy's X-Forwarded-For only when
 * {@code web.trustProxy} says a proxy is in front.
 */
class ClientAddressTest {

  /** The clientAddress of every request the web verticle sends to the session's auth address. */
  private static List<String> watchAuth(WebStack stack) {
    List<String> seen = new CopyOnWriteArrayList<>();
    stack.vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (Addresses.SESSION_AUTH.equals(ctx.message().address()) && ctx.message().body() instanceof JsonObject body
          && SessionRequest.SIGN_IN.equals(body.getString("type"))) {
        seen.add(SignIn.fromJson(body).clientAddress());
      }
      ctx.next();
    });
    return seen;
  }

  private static void signIn(WebStack stack, String forwardedFor) {
    var request = WebClient.create(stack.vertx, new WebClientOptions()).post(stack.port, "127.0.0.1", "/api/signin");
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    request.sendJsonObject(new JsonObject().put("username", "nobody").put("password", "nobody-password")).await();
  }

  @Test
  void theConnectionsAddressUnlessAProxyIsTrusted() {
    try (WebStack stack = new WebStack(new JsonObject())) {
      List<String> seen = watchAuth(stack);
      signIn(stack, null);
      signIn(stack, "203.0.113.9");
      assertEquals(List.of("127.0.0.1", "127.0.0.1"), seen, "a client cannot choose its address");
    }
    try (WebStack stack = new WebStack(new JsonObject().put("web", new JsonObject().put("trustProxy", true)))) {
      List<String> seen = watchAuth(stack);
      signIn(stack, null);
      signIn(stack, "198.51.100.7, 203.0.113.9");
      // The proxy appends the address it saw; what comes before is the client's own claim.
      assertEquals(List.of("127.0.0.1", "203.0.113.9"), seen);
    }
  }
}
