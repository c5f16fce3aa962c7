package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.NodeEvent;

/** {@code roster}: the account's whole contact list. */
public record Roster(List<Contact> contacts) implements NodeEventBody {
  public Roster {
    contacts = List.copyOf(contacts);
  }

  @Override
  public String type() {
    return NodeEvent.ROSTER;
  }

  @Override
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    contacts.forEach(c -> list.add(c.toJson()));
    return new JsonObject().put("contacts", list);
  }

  /** Fails when a contact is malformed; no {@code contacts} is an empty roster. */
  public static Roster fromJson(JsonObject json) {
    JsonArray listed = Json.optionalArray(json, "contacts");
    List<Contact> contacts = new ArrayList<>();
    if (listed != null) {
      listed.forEach(c -> contacts.add(Contact.fromJson(c)));
    }
    return new Roster(contacts);
  }
}
