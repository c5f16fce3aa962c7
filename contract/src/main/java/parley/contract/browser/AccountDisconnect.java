package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code account.disconnect}: signs the account out until it is connected again. */
public record AccountDisconnect(String accountId) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.ACCOUNT_DISCONNECT).put("accountId", accountId);
  }

  /** Fails without an account id. */
  public static AccountDisconnect fromJson(JsonObject json) {
    return new AccountDisconnect(CommandFields.accountId(json));
  }
}
