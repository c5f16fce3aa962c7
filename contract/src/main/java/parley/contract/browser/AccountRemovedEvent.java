package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code account.removed}: the user removed the account {@code accountId}. */
public record AccountRemovedEvent(String accountId) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_REMOVED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId);
  }

  /** Fails without {@code accountId}. */
  public static AccountRemovedEvent fromJson(JsonObject json) {
    return new AccountRemovedEvent(EventJson.requireString(json, "accountId"));
  }
}
