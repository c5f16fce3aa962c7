package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.node.Json;

/** The reply to {@code person.suggestions}: {@code {"suggestions": [...]}}, those the user has not dismissed. */
public record PersonSuggestionsReply(List<PersonSuggestion> suggestions) {
  public PersonSuggestionsReply {
    suggestions = List.copyOf(suggestions);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    suggestions.forEach(s -> list.add(s.toJson()));
    return new JsonObject().put("suggestions", list);
  }

  /** Fails in words without {@code suggestions}, or with one of them not a suggestion. */
  public static PersonSuggestionsReply fromJson(JsonObject json) {
    return new PersonSuggestionsReply(Json.requireObjects(json, "suggestions", PersonSuggestion::fromJson));
  }
}
