package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.node.Json;

/**
 * A person ({@code {person}} in docs/bus-contract.md): contacts of any of the user's accounts and
 * networks the user merged into one, in merge order, and the best {@code presence} of them (a
 * contact's presence as the page gets it). In {@code person.updated}, the attach snapshot's
 * {@code people} and the replies of {@code person.merge} and {@code person.split}.
 */
public record Person(String id, List<Member> contacts, PresenceView presence) {
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

    /** The array {@code contacts} of a person or a suggestion: each an object with {@code accountId} and {@code jid}. */
    static List<Member> listFromJson(JsonObject json) {
      return Json.requireObjects(json, "contacts", Member::fromJson);
    }

    static JsonArray listToJson(List<Member> contacts) {
      JsonArray list = new JsonArray();
      contacts.forEach(c -> list.add(c.toJson()));
      return list;
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("contacts", Member.listToJson(contacts)).put("presence", presence.toJson());
  }

  /** Fails in words on a missing or invalid field (each of {@code contacts} an object with {@code accountId} and {@code jid}). */
  public static Person fromJson(JsonObject json) {
    return new Person(EventJson.requireString(json, "id"), Member.listFromJson(json),
        PresenceView.fromJson(EventJson.requireObject(json, "presence")));
  }
}
