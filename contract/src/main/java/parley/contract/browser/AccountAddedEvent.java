package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code account.added}: the user added {@code account} (as the attach reply lists accounts). */
public record AccountAddedEvent(AccountView account) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_ADDED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("account", account.toJson());
  }

  /** Fails without the {@code account} object or with one that is not an account. */
  public static AccountAddedEvent fromJson(JsonObject json) {
    return new AccountAddedEvent(AccountView.fromJson(EventJson.requireObject(json, "account")));
  }
}
