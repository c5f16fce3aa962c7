package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code contact.remove}: removes {@code jid} from the account's contact list (as the page wrote it; the session checks it by the network's rule). */
public record ContactRemove(String accountId, String jid) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.CONTACT_REMOVE).put("accountId", accountId).put("jid", jid);
  }

  /** Fails without an account id or an address. */
  public static ContactRemove fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    return new ContactRemove(accountId, CommandFields.address(json, "jid"));
  }
}
