package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;
import parley.contract.Presence;

/** {@code typing.send}: the user's typing {@code state} ({@link Presence#TYPING_STATES}) in the chat with {@code to}. */
public record TypingSend(String accountId, String to, String state) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.TYPING_SEND).put("accountId", accountId).put("to", to).put("state", state);
  }

  /** Fails without an account id, an address or a known state. */
  public static TypingSend fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String to = CommandFields.address(json, "to");
    return new TypingSend(accountId, to, CommandFields.oneOf(json, "state", Presence.TYPING_STATES));
  }
}
