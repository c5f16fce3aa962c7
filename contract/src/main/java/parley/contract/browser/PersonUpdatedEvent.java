package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code person.updated}: a person (contacts merged across accounts) was made or changed: {@code person} with {@code id}, {@code contacts} and {@code presence}. */
public record PersonUpdatedEvent(Person person) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.PERSON_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("person", person.toJson());
  }

  /** Fails without the {@code person} object, or with a field of it missing or invalid. */
  public static PersonUpdatedEvent fromJson(JsonObject json) {
    return new PersonUpdatedEvent(Person.fromJson(EventJson.requireObject(json, "person")));
  }
}
