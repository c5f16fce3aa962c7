package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.BrowserCommand;

/** {@code person.dismiss}: a merge suggestion (its contacts, at least two) the user turned down. */
public record PersonDismiss(List<PersonContact> contacts) {
  public PersonDismiss {
    contacts = List.copyOf(contacts);
  }

  public String type() {
    return BrowserCommand.PERSON_DISMISS;
  }

  public JsonObject toJson() {
    return new JsonObject().put("contacts", CommandFields.contactsJson(contacts));
  }

  public static PersonDismiss fromJson(JsonObject json) {
    return new PersonDismiss(CommandFields.contacts(json, 2, "A suggestion has at least two contacts."));
  }
}
