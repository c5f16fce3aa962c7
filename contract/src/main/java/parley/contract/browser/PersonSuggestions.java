package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code person.suggestions}: the contacts that look like one person; no fields. */
public record PersonSuggestions() {
  public String type() {
    return BrowserCommand.PERSON_SUGGESTIONS;
  }

  public JsonObject toJson() {
    return new JsonObject();
  }

  /** Any fields are ignored, as they always were. */
  public static PersonSuggestions fromJson(JsonObject json) {
    return new PersonSuggestions();
  }
}
