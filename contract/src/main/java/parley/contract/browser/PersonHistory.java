package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code person.history}: a page of the person's timeline, older than {@code before} when given. */
public record PersonHistory(String personId, Long before, Long limit) {
  public String type() {
    return BrowserCommand.PERSON_HISTORY;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(CommandFields.putIf(new JsonObject().put("personId", personId), "before", before),
        "limit", limit);
  }

  public static PersonHistory fromJson(JsonObject json) {
    String personId = CommandFields.string(json, "personId", 64);
    return new PersonHistory(personId, CommandFields.optionalLong(json, "before"), CommandFields.optionalLong(json, "limit"));
  }
}
