package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code account.added}: the user added {@code account} (as the attach reply lists accounts). */
public record AccountAddedEvent(JsonObject account) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_ADDED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("account", account);
  }

  /** Fails without the {@code account} object. */
  public static AccountAddedEvent fromJson(JsonObject json) {
    return new AccountAddedEvent(EventJson.requireObject(json, "account"));
  }
}
