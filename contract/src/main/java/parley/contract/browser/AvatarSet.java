package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.Limits;

/** {@code avatar.set}: the person's own picture on an account, base64, at most {@link Limits#MAX_OWN_AVATAR_BYTES}. */
public record AvatarSet(String accountId, String data) {
  /** The longest base64 text of the largest picture. */
  private static final int MAX_DATA_CHARS = (Limits.MAX_OWN_AVATAR_BYTES + 2) / 3 * 4;

  public String type() {
    return BrowserCommand.AVATAR_SET;
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("data", data);
  }

  /** Fails when the picture is missing, not base64, or too large (said in KiB, before any decoding). */
  public static AvatarSet fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String tooLarge = "The picture is larger than " + Limits.MAX_OWN_AVATAR_BYTES / 1024 + " KiB.";
    if (json.getValue("data") instanceof String d && d.length() > MAX_DATA_CHARS) {
      throw FailureCode.INVALID_FIELD.exception(tooLarge);
    }
    String data = CommandFields.string(json, "data", MAX_DATA_CHARS);
    int bytes;
    try {
      bytes = Base64.getDecoder().decode(data).length;
    } catch (IllegalArgumentException e) {
      throw FailureCode.INVALID_FIELD.exception("The picture is not valid base64.");
    }
    if (bytes > Limits.MAX_OWN_AVATAR_BYTES) {
      throw FailureCode.INVALID_FIELD.exception(tooLarge);
    }
    return new AvatarSet(accountId, data);
  }

  /** Without the picture: 40 KiB of base64 in a log says nothing. */
  @Override
  public String toString() {
    return "AvatarSet[accountId=" + accountId + ", data=" + data.length() + " chars]";
  }
}
