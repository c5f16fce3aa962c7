package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A roster entry: {@code {"jid": "bob@example.org", "name": "Bob", "groups": ["Friends"], "subscription": "both"}};
 * {@code name} null when the roster names none.
 */
public record Contact(String jid, String name, List<String> groups, String subscription) {
  public static final String NO_SUBSCRIPTION = "none";

  public Contact {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  public JsonObject toJson() {
    JsonObject json = Json.putIf(new JsonObject().put("jid", jid), "name", name);
    return json.put("groups", new JsonArray(new ArrayList<>(groups))).put("subscription", subscription);
  }

  /** Fails without {@code jid} or with a field of the wrong type; absent groups are none, absent subscription {@code none}. */
  public static Contact fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw Json.invalid("contact");
    }
    String jid = Json.requireString(json, "jid");
    JsonArray listed = Json.optionalArray(json, "groups");
    List<String> groups = new ArrayList<>();
    if (listed != null) {
      for (Object g : listed) {
        if (!(g instanceof String group)) {
          throw Json.invalid("groups");
        }
        groups.add(group);
      }
    }
    return new Contact(jid, Json.optionalString(json, "name", null), groups,
        Json.optionalString(json, "subscription", NO_SUBSCRIPTION));
  }
}
