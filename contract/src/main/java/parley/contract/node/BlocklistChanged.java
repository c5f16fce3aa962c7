package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.NodeEvent;

/** {@code blocklist}: every address the account blocks (XEP-0191), whole after each change. */
public record BlocklistChanged(List<String> jids) implements NodeEventBody {
  public BlocklistChanged {
    jids = List.copyOf(jids);
  }

  @Override
  public String type() {
    return NodeEvent.BLOCKLIST;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jids", new JsonArray(new ArrayList<>(jids)));
  }

  /** Fails when {@code jids} is not a list of strings; none is an empty blocklist. */
  public static BlocklistChanged fromJson(JsonObject json) {
    JsonArray listed = Json.optionalArray(json, "jids");
    List<String> jids = new ArrayList<>();
    if (listed != null) {
      for (Object jid : listed) {
        if (!(jid instanceof String j)) {
          throw Json.invalid("jids");
        }
        jids.add(j);
      }
    }
    return new BlocklistChanged(jids);
  }
}
