package parley.contract.session;

import io.vertx.core.json.JsonObject;
import parley.contract.SessionRequest;
import parley.contract.browser.CommandFields;

/** {@code sign-out}: the user's IM connections close and their pages are told {@code signed-out}; answered {@code {}}. */
public record SignOut(String userId) {
  /** The longest user id the session takes (its ids are UUIDs). */
  public static final int MAX_USER_ID_CHARS = 64;

  public JsonObject toJson() {
    return new JsonObject().put("type", SessionRequest.SIGN_OUT).put("userId", userId);
  }

  /** Fails without a {@code userId}, in the words the session has always used. */
  public static SignOut fromJson(JsonObject json) {
    return new SignOut(CommandFields.string(json, "userId", MAX_USER_ID_CHARS));
  }
}
