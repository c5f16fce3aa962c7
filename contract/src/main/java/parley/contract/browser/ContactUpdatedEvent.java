package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code contact.updated}: one contact of the account was added or changed ({@code contact} as in the roster). */
public record ContactUpdatedEvent(String accountId, ContactView contact) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.CONTACT_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("contact", contact.toJson());
  }

  /** Fails without {@code accountId} or the {@code contact} object, or with one that is not a contact. */
  public static ContactUpdatedEvent fromJson(JsonObject json) {
    return new ContactUpdatedEvent(EventJson.requireString(json, "accountId"),
        ContactView.fromJson(EventJson.requireObject(json, "contact")));
  }
}
