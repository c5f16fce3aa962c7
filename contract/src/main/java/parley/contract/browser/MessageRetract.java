package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code message.retract}: takes back the user's own message {@code messageId} (its history id). */
public record MessageRetract(String accountId, long messageId) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.MESSAGE_RETRACT).put("accountId", accountId).put("messageId", messageId);
  }

  /** Fails without an account id or a positive message id. */
  public static MessageRetract fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    return new MessageRetract(accountId, CommandFields.ownMessageId(json));
  }
}
