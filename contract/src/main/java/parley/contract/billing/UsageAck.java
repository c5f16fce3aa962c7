package parley.contract.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.browser.EventJson;

/** The reply to a {@link UsageBatch}: the ids of the records billing has recorded (or quarantined) for good. */
public record UsageAck(List<String> acked) {
  public UsageAck {
    acked = List.copyOf(acked);
  }

  public JsonObject toJson() {
    return new JsonObject().put("acked", new JsonArray(new ArrayList<>(acked)));
  }

  /** Fails unless {@code acked} is an array of ids (text). */
  public static UsageAck fromJson(JsonObject json) {
    if (!(json.getValue("acked") instanceof JsonArray array)) {
      throw EventJson.invalid("acked");
    }
    List<String> ids = new ArrayList<>(array.size());
    for (Object id : array) {
      if (!(id instanceof String s)) {
        throw EventJson.invalid("acked");
      }
      ids.add(s);
    }
    return new UsageAck(ids);
  }
}
