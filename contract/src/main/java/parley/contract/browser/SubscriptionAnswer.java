package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code subscription.answer}: whether the user lets {@code jid} see their presence. */
public record SubscriptionAnswer(String accountId, String jid, boolean approve) {
  public JsonObject toJson() {
    return CommandFields1.command(BrowserCommand.SUBSCRIPTION_ANSWER).put("accountId", accountId).put("jid", jid)
        .put("approve", approve);
  }

  /** Fails without an account id, an address or a true/false {@code approve}. */
  public static SubscriptionAnswer fromJson(JsonObject json) {
    String accountId = CommandFields1.accountId(json);
    String jid = CommandFields1.address(json, "jid");
    return new SubscriptionAnswer(accountId, jid, CommandFields1.bool(json, "approve"));
  }
}
