package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.node.Json;

/** The answer to {@code person.history}: a page of the person's timeline across networks, and where a reply goes now. */
public record PersonHistoryPage(String personId, List<PersonMessage> messages, PersonVia via) {
  public PersonHistoryPage {
    messages = List.copyOf(messages);
  }

  public JsonObject toJson() {
    JsonArray page = new JsonArray();
    messages.forEach(m -> page.add(m.toJson()));
    return new JsonObject().put("personId", personId).put("messages", page).put("via", via.toJson());
  }

  public static PersonHistoryPage fromJson(JsonObject json) {
    return new PersonHistoryPage(Json.requireString(json, "personId"),
        Json.requireObjects(json, "messages", PersonMessage::fromJson),
        PersonVia.fromJson(EventJson.requireObject(json, "via")));
  }
}
