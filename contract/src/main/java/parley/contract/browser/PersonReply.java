package parley.contract.browser;

import io.vertx.core.json.JsonObject;

/** The answer to {@code person.merge} and {@code person.split}: the person as it is now, null when a split left none. */
public record PersonReply(Person person) {
  public JsonObject toJson() {
    return new JsonObject().put("person", person == null ? null : person.toJson());
  }

  public static PersonReply fromJson(JsonObject json) {
    JsonObject person = EventJson.optionalObject(json, "person");
    return new PersonReply(person == null ? null : Person.fromJson(person));
  }
}
