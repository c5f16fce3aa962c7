package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code message.send}: {@code text} from account {@code accountId} to {@code to} (as the page wrote
 * it; the session checks it by the network's rule), a contact or a room; {@code clientId} the page's
 * own id for it ({@link BrowserCommand#CLIENT_ID}), null when absent.
 */
public record MessageSend(String accountId, String to, String text, String clientId) {
  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.MESSAGE_SEND).put("accountId", accountId).put("to", to)
        .put("text", text);
    return CommandFields.putIf(json, BrowserCommand.CLIENT_ID, clientId);
  }

  /** Fails without an account id, an address or a text, with an empty or too long text (TEXT_TOO_LONG) or a bad client id. */
  public static MessageSend fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String to = CommandFields.address(json, "to");
    String clientId = CommandFields.optionalClientId(json);
    return new MessageSend(accountId, to, CommandFields.messageText(json), clientId);
  }
}
