package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code account.connect}: signs the account in, and again at every start. */
public record AccountConnect(String accountId) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.ACCOUNT_CONNECT).put("accountId", accountId);
  }

  /** Fails without an account id. */
  public static AccountConnect fromJson(JsonObject json) {
    return new AccountConnect(CommandFields.accountId(json));
  }
}
