package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code message.correct}: the new {@code text} of the user's own message {@code messageId} (its history id). */
public record MessageCorrect(String accountId, long messageId, String text) {
  public JsonObject toJson() {
    return CommandFields1.command(BrowserCommand.MESSAGE_CORRECT).put("accountId", accountId).put("messageId", messageId)
        .put("text", text);
  }

  /** Fails without an account id, a positive message id or a text, or with a text too long (TEXT_TOO_LONG). */
  public static MessageCorrect fromJson(JsonObject json) {
    String accountId = CommandFields1.accountId(json);
    long messageId = CommandFields1.ownMessageId(json);
    return new MessageCorrect(accountId, messageId, CommandFields1.messageText(json));
  }
}
