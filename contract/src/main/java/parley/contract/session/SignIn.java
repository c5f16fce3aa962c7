package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.SessionRequest;
import parley.contract.browser.CommandFields;

/**
 * {@code sign-up} or {@code sign-in} ({@code type}): the username and password as the person typed
 * them (the session checks the username's form and the password's length, and compares names without
 * case), and {@code clientAddress}, where the web verticle saw the request come from (null, and absent
 * in the JSON, for a request that did not come over HTTP). Answered with an {@link Identity}.
 * {@link #toString()} never shows the password.
 */
public record SignIn(String type, String username, String password, String clientAddress) {
  /** The longest client address the session takes (an IPv6 address with a zone is far shorter). */
  public static final int MAX_CLIENT_ADDRESS_CHARS = 100;

  /** Fails with UNKNOWN_TYPE for a type other than sign-up or sign-in. */
  public SignIn {
    requireType(type);
  }

  public boolean signUp() {
    return SessionRequest.SIGN_UP.equals(type);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("username", username).put("password", password);
    return CommandFields.putIf(json, "clientAddress", clientAddress);
  }

  /** Fails without a username or password (in the sentences the page has always shown), or with another type. */
  public static SignIn fromJson(JsonObject json) {
    String type = requireType(json.getValue("type"));
    // The fields in the order the session has always read them, so the first problem is the one told.
    SignIn typed = fromPage(type, json, null);
    return new SignIn(type, typed.username, typed.password,
        CommandFields.optionalString(json, "clientAddress", MAX_CLIENT_ADDRESS_CHARS));
  }

  /**
   * What the page posts to sign up or in, {@code {"username": "alice", "password": "…"}}, asked from
   * {@code clientAddress}: refused in the same words as the session refuses a request without them.
   */
  public static SignIn fromPage(String type, JsonObject body, String clientAddress) {
    return new SignIn(type, CommandFields.string(body, "username", Limits.MAX_USERNAME_CHARS),
        CommandFields.string(body, "password", Limits.MAX_PASSWORD_CHARS), clientAddress);
  }

  private static String requireType(Object type) {
    if (!SessionRequest.SIGN_UP.equals(type) && !SessionRequest.SIGN_IN.equals(type)) {
      throw FailureCode.UNKNOWN_TYPE.exception("Unknown request type.");
    }
    return (String) type;
  }

  @Override
  public String toString() {
    return "SignIn[type=" + type + ", username=" + username + ", password=(hidden), clientAddress=" + clientAddress
        + "]";
  }
}
