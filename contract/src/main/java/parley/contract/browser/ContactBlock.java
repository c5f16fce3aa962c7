package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code contact.block}: blocks {@code jid} (a contact or a stranger) on the account's IM server (as the page wrote it; the session checks it by the network's rule). */
public record ContactBlock(String accountId, String jid) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.CONTACT_BLOCK).put("accountId", accountId).put("jid", jid);
  }

  /** Fails without an account id or an address. */
  public static ContactBlock fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    return new ContactBlock(accountId, CommandFields.address(json, "jid"));
  }
}
