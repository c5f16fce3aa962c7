package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code account.remove}: removes the account and its session's state. */
public record AccountRemove(String accountId) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.ACCOUNT_REMOVE).put("accountId", accountId);
  }

  /** Fails without an account id. */
  public static AccountRemove fromJson(JsonObject json) {
    return new AccountRemove(CommandFields.accountId(json));
  }
}
