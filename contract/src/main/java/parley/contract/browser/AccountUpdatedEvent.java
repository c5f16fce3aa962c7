package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code account.updated}: the user changed {@code account} (as the attach reply lists accounts). */
public record AccountUpdatedEvent(AccountView account) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("account", account.toJson());
  }

  /** Fails without the {@code account} object or with one that is not an account. */
  public static AccountUpdatedEvent fromJson(JsonObject json) {
    return new AccountUpdatedEvent(AccountView.fromJson(EventJson.requireObject(json, "account")));
  }
}
