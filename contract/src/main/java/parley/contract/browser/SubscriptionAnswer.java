package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code subscription.answer}: whether the user lets {@code jid} see their presence. */
public record SubscriptionAnswer(String accountId, String jid, boolean approve) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.SUBSCRIPTION_ANSWER).put("accountId", accountId).put("jid", jid)
        .put("approve", approve);
  }

  /** Fails without an account id, an address or a true/false {@code approve}. */
  public static SubscriptionAnswer fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String jid = CommandFields.address(json, "jid");
    return new SubscriptionAnswer(accountId, jid, CommandFields.bool(json, "approve"));
  }
}
