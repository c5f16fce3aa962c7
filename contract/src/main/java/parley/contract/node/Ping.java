package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code ping}: is the node alive, and which accounts does it hold; no fields, no account. */
public record Ping() implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.PING;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** The body has no fields: whatever else it holds is ignored, as the nodes always did. */
  public static Ping fromJson(JsonObject json) {
    return new Ping();
  }
}
