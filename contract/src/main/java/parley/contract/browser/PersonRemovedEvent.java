package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code person.removed}: the person {@code personId} is no more. */
public record PersonRemovedEvent(String personId) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.PERSON_REMOVED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("personId", personId);
  }

  /** Fails without {@code personId}. */
  public static PersonRemovedEvent fromJson(JsonObject json) {
    return new PersonRemovedEvent(EventJson.requireString(json, "personId"));
  }
}
