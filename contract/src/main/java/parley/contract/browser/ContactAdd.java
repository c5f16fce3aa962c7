package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code contact.add}: {@code jid} to the account's contact list; {@code name} and {@code group} trimmed, null when absent or blank. */
public record ContactAdd(String accountId, String jid, String name, String group) {
  static final int MAX_NAME_CHARS = 200;

  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.CONTACT_ADD).put("accountId", accountId).put("jid", jid);
    CommandFields.putIf(json, "name", name);
    return CommandFields.putIf(json, "group", group);
  }

  /** Fails without an account id or an address, or with a name or group longer than 200 characters. */
  public static ContactAdd fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String jid = CommandFields.address(json, "jid");
    return new ContactAdd(accountId, jid, CommandFields.trimmed(json, "name", MAX_NAME_CHARS),
        CommandFields.trimmed(json, "group", MAX_NAME_CHARS));
  }
}
