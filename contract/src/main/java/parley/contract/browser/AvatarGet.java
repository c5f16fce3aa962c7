package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code avatar.get}: a contact's avatar on one account. */
public record AvatarGet(String accountId, String jid) {
  public String type() {
    return BrowserCommand.AVATAR_GET;
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid);
  }

  public static AvatarGet fromJson(JsonObject json) {
    return new AvatarGet(CommandFields.accountId(json), CommandFields.address(json, "jid"));
  }
}
