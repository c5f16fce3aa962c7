package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One of Parley's merge suggestions in the reply of {@code person.suggestions}: contacts that may be
 * one person (each with its account's network) and why, sorted ({@code same-name},
 * {@code same-address}, {@code named-alike}).
 */
public record PersonSuggestion(List<Person.Member> contacts, List<String> reasons) {
  public PersonSuggestion {
    contacts = List.copyOf(contacts);
    reasons = List.copyOf(reasons);
  }

  public JsonObject toJson() {
    return new JsonObject().put("contacts", Person.Member.listToJson(contacts)).put("reasons", new JsonArray(reasons));
  }

  /** Fails in words without {@code contacts} (each with {@code accountId} and {@code jid}) or {@code reasons} (texts). */
  public static PersonSuggestion fromJson(JsonObject json) {
    return new PersonSuggestion(Person.Member.listFromJson(json), EventJson.requireStrings(json, "reasons"));
  }
}
