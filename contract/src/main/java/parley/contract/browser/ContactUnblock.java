package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code contact.unblock}: unblocks {@code jid} (as the page wrote it; the session checks it by the network's rule). */
public record ContactUnblock(String accountId, String jid) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.CONTACT_UNBLOCK).put("accountId", accountId).put("jid", jid);
  }

  /** Fails without an account id or an address. */
  public static ContactUnblock fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    return new ContactUnblock(accountId, CommandFields.address(json, "jid"));
  }
}
