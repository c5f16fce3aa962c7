package parley.contract.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.node.Json;

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
    return new UsageAck(Json.requireStrings(json, "acked"));
  }
}
