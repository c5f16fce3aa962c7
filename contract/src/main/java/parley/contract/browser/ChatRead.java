package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code chat.read}: the user has read the chat with {@code peer} (as the page wrote it; the session checks it by the network's rule). */
public record ChatRead(String accountId, String peer) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.CHAT_READ).put("accountId", accountId).put("peer", peer);
  }

  /** Fails without an account id or an address. */
  public static ChatRead fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    return new ChatRead(accountId, CommandFields.address(json, "peer"));
  }
}
