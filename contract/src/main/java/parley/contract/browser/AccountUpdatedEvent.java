package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code account.updated}: the user changed {@code account} (as the attach reply lists accounts). */
public record AccountUpdatedEvent(JsonObject account) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ACCOUNT_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("account", account);
  }

  /** Fails without the {@code account} object. */
  public static AccountUpdatedEvent fromJson(JsonObject json) {
    return new AccountUpdatedEvent(EventJson.requireObject(json, "account"));
  }
}
