package parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.web.testing.HttpUser;
import parley.web.testing.WebStack;

/** Sign-up, sign-in, sign-out over HTTP, and the errors a person sees. */
class SignInTest {
  private static WebStack stack;

  @BeforeAll
  static void start() {
    stack = new WebStack(new JsonObject());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static JsonObject credentials(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  @Test
  void signUpSignOutSignIn() {
    HttpUser browser = stack.user();
    assertEquals(401, browser.get("/api/me").statusCode());
    HttpResponse<Buffer> up = browser.post("/api/signup", credentials("olivia", "olivia-password"));
    assertEquals(200, up.statusCode(), up.bodyAsString());
    assertTrue(browser.cookieHeader().contains("parley_session="));
    assertTrue(up.getHeader("Set-Cookie").toLowerCase().contains("httponly"), up.getHeader("Set-Cookie"));
    JsonObject me = browser.get("/api/me").bodyAsJsonObject();
    assertEquals("olivia", me.getString("username"));

    assertEquals(204, browser.post("/api/signout", new JsonObject()).statusCode());
    assertEquals(401, browser.get("/api/me").statusCode());

    HttpResponse<Buffer> in = browser.post("/api/signin", credentials("Olivia", "olivia-password"));
    assertEquals(200, in.statusCode());
    assertEquals(me.getString("userId"), in.bodyAsJsonObject().getString("userId"));
    assertEquals(me.getString("userId"), stack.user().post("/api/signin", credentials("olivia", "olivia-password"))
        .bodyAsJsonObject().getString("userId"), "a second browser signs in to the same user");
  }

  @Test
  void mistakesAreExplainedInWords() {
    HttpUser browser = stack.user();
    browser.signUp("peggy", "peggy-password");
    HttpResponse<Buffer> taken = stack.user().post("/api/signup", credentials("peggy", "another-password"));
    assertEquals(409, taken.statusCode());
    assertEquals("USERNAME_TAKEN", taken.bodyAsJsonObject().getJsonObject("error").getString("code"));

    HttpResponse<Buffer> wrong = stack.user().post("/api/signin", credentials("peggy", "not-her-password"));
    assertEquals(401, wrong.statusCode());
    assertEquals("Wrong username or password.", wrong.bodyAsJsonObject().getJsonObject("error").getString("text"));

    HttpResponse<Buffer> shortPw = stack.user().post("/api/signup", credentials("quentin", "short"));
    assertEquals(400, shortPw.statusCode());
    assertTrue(shortPw.bodyAsJsonObject().getJsonObject("error").getString("text").contains("at least 8"));

    // Read by the web verticle with the session's rules: the same words, whoever says them.
    HttpResponse<Buffer> noName = stack.user().post("/api/signin", new JsonObject().put("password", "peggy-password"));
    assertEquals(400, noName.statusCode());
    assertEquals(new JsonObject().put("code", "INVALID_FIELD").put("text", "username is required."),
        noName.bodyAsJsonObject().getJsonObject("error"));
    HttpResponse<Buffer> numberPw = stack.user().post("/api/signup", new JsonObject().put("username", "rita").put("password", 12345678));
    assertEquals(400, numberPw.statusCode());
    assertEquals("password must be text.", numberPw.bodyAsJsonObject().getJsonObject("error").getString("text"));

    HttpUser raw = stack.user();
    HttpResponse<Buffer> malformed = raw.post("/api/signin", null);
    assertEquals(400, malformed.statusCode());
    assertEquals("MALFORMED", malformed.bodyAsJsonObject().getJsonObject("error").getString("code"));

    HttpResponse<Buffer> huge = stack.user().post("/api/signup", credentials("rupert", "x".repeat(40_000)));
    assertEquals(413, huge.statusCode());
    assertFalse(huge.bodyAsString().contains("Exception"));
  }
}
