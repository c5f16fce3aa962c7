package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code roster}: the account's whole contact list, each contact as the attach reply has it. */
public record RosterEvent(String accountId, JsonArray contacts) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ROSTER;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("contacts", contacts);
  }

  /** Fails without {@code accountId} or the {@code contacts} array. */
  public static RosterEvent fromJson(JsonObject json) {
    return new RosterEvent(EventJson.requireString(json, "accountId"), EventJson.requireArray(json, "contacts"));
  }
}
