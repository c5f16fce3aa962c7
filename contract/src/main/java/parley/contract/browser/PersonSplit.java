package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code person.split}: takes {@code contact} out of the person {@code personId}. */
public record PersonSplit(String personId, PersonContact contact) {
  public String type() {
    return BrowserCommand.PERSON_SPLIT;
  }

  public JsonObject toJson() {
    return contact.toJson().put("personId", personId);
  }

  public static PersonSplit fromJson(JsonObject json) {
    String personId = CommandFields.string(json, "personId", 64);
    return new PersonSplit(personId, PersonContact.fromJson(json));
  }
}
