package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code contact.removed}: the contact {@code jid} is no longer on the account's list. */
public record ContactRemovedEvent(String accountId, String jid) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.CONTACT_REMOVED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid);
  }

  /** Fails without {@code accountId} or {@code jid}. */
  public static ContactRemovedEvent fromJson(JsonObject json) {
    return new ContactRemovedEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "jid"));
  }
}
