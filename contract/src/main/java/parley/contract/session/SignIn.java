package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.SessionRequest;
import parley.contract.browser.CommandFields;
import parley.contract.node.Json;

/**
 * {@code sign-up} ({@code signUp} true) or {@code sign-in}: the username and password as the person
 * typed them (the session checks the username's form and the password's length, and compares names
 * without case), and {@code clientAddress}, where the web verticle saw the request come from (null,
 * and absent in the JSON, for a request that did not come over HTTP). Answered with an {@link Identity}.
 * {@link #toString()} never shows the password.
 */
public record SignIn(boolean signUp, String username, String password, String clientAddress) {
  /** The longest client address the session takes (an IPv6 address with a zone is far shorter). */
  public static final int MAX_CLIENT_ADDRESS_CHARS = 100;

  public String type() {
    return signUp ? SessionRequest.SIGN_UP : SessionRequest.SIGN_IN;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type()).put("username", username).put("password", password);
    return Json.putIf(json, "clientAddress", clientAddress);
  }

  /** Fails without a username or password (in the sentences the page has always shown), or with another type. */
  public static SignIn fromJson(JsonObject json) {
    String type = json.getString("type");
    if (!SessionRequest.SIGN_UP.equals(type) && !SessionRequest.SIGN_IN.equals(type)) {
      throw FailureCode.UNKNOWN_TYPE.exception("Unknown request type.");
    }
    return fromPage(SessionRequest.SIGN_UP.equals(type), json,
        CommandFields.optionalString(json, "clientAddress", MAX_CLIENT_ADDRESS_CHARS));
  }

  /**
   * What the page posts to sign up or in, {@code {"username": "alice", "password": "…"}}, asked from
   * {@code clientAddress}: refused in the same words as the session refuses a request without them.
   */
  public static SignIn fromPage(boolean signUp, JsonObject body, String clientAddress) {
    return new SignIn(signUp, CommandFields.string(body, "username", Limits.MAX_USERNAME_CHARS),
        CommandFields.string(body, "password", Limits.MAX_PASSWORD_CHARS), clientAddress);
  }

  @Override
  public String toString() {
    return "SignIn[signUp=" + signUp + ", username=" + username + ", password=(hidden), clientAddress="
        + clientAddress + "]";
  }
}
