package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/** The reply to {@code account.add} and {@code account.update}: {@code {"account": {...}}}, the account as it is now. */
public record AccountReply(AccountView account) {
  public JsonObject toJson() {
    return new JsonObject().put("account", account.toJson());
  }

  /** Fails without the {@code account} object or with one that is not an account. */
  public static AccountReply fromJson(JsonObject json) {
    return new AccountReply(AccountView.fromJson(EventJson.requireObject(json, "account")));
  }
}
