package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.BrowserCommand;

/** {@code person.merge}: the named contacts (at least one here; the session wants two in all) become one person. */
public record PersonMerge(List<PersonContact> contacts) {
  public PersonMerge {
    contacts = List.copyOf(contacts);
  }

  public String type() {
    return BrowserCommand.PERSON_MERGE;
  }

  public JsonObject toJson() {
    return new JsonObject().put("contacts", CommandFields.contactsJson(contacts));
  }

  public static PersonMerge fromJson(JsonObject json) {
    return new PersonMerge(CommandFields.contacts(json, 1,
        "contacts must list the contacts to merge, each with accountId and jid."));
  }
}
