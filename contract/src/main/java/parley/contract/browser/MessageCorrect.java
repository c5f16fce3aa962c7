package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code message.correct}: the new {@code text} of the user's own message {@code messageId} (its history id). */
public record MessageCorrect(String accountId, long messageId, String text) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.MESSAGE_CORRECT).put("accountId", accountId).put("messageId", messageId)
        .put("text", text);
  }

  /** Fails without an account id, a positive message id or a text, or with a text too long (TEXT_TOO_LONG). */
  public static MessageCorrect fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    long messageId = CommandFields.ownMessageId(json);
    return new MessageCorrect(accountId, messageId, CommandFields.messageText(json));
  }
}
