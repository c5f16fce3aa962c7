package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A person ({@code {person}} in docs/bus-contract.md): contacts of any of the user's accounts and
 * networks the user merged into one, in merge order, and the best {@code presence} of them (a
 * contact's presence as the page gets it). In {@code person.updated}, the attach snapshot's
 * {@code people} and the replies of {@code person.merge} and {@code person.split}.
 */
public record Person(String id, List<Member> contacts, JsonObject presence) {
  public Person {
    contacts = List.copyOf(contacts);
  }

  /** One of the person's contacts: its account, its address, and the account's network (null when not known). */
  public record Member(String accountId, String jid, String network) {
    public JsonObject toJson() {
      return new JsonObject().put("accountId", accountId).put("jid", jid).put("network", network);
    }

    public static Member fromJson(JsonObject json) {
      return new Member(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "jid"),
          EventJson.optionalString(json, "network"));
    }
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    contacts.forEach(c -> list.add(c.toJson()));
    return new JsonObject().put("id", id).put("contacts", list).put("presence", presence);
  }

  /** Fails in words on a missing or invalid field (each of {@code contacts} an object with {@code accountId} and {@code jid}). */
  public static Person fromJson(JsonObject json) {
    String id = EventJson.requireString(json, "id");
    List<Member> contacts = new ArrayList<>();
    for (Object o : EventJson.requireArray(json, "contacts")) {
      if (!(o instanceof JsonObject contact)) {
        throw EventJson.invalid("contacts");
      }
      contacts.add(Member.fromJson(contact));
    }
    return new Person(id, contacts, EventJson.requireObject(json, "presence"));
  }
}
