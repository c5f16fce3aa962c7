package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.BrowserEvent;

/** {@code roster}: the account's whole contact list, each contact as the attach reply has it. */
public record RosterEvent(String accountId, List<ContactView> contacts) implements BrowserEventBody {
  public RosterEvent {
    contacts = List.copyOf(contacts);
  }

  @Override
  public String type() {
    return BrowserEvent.ROSTER;
  }

  @Override
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    contacts.forEach(c -> list.add(c.toJson()));
    return new JsonObject().put("accountId", accountId).put("contacts", list);
  }

  /** Fails without {@code accountId} or the {@code contacts} array, or with an entry that is not a contact. */
  public static RosterEvent fromJson(JsonObject json) {
    String accountId = EventJson.requireString(json, "accountId");
    List<ContactView> contacts = new ArrayList<>();
    for (Object c : EventJson.requireArray(json, "contacts")) {
      if (!(c instanceof JsonObject contact)) {
        throw EventJson.invalid("contacts");
      }
      contacts.add(ContactView.fromJson(contact));
    }
    return new RosterEvent(accountId, contacts);
  }
}
