package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/** A contact named in a person command: one of the user's accounts and an address as the page gave it. */
public record PersonContact(String accountId, String jid) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid);
  }

  /** Fails when either is missing ("accountId is required.", "jid is required."). */
  public static PersonContact fromJson(JsonObject json) {
    return new PersonContact(CommandFields.accountId(json), CommandFields.address(json, "jid"));
  }
}
