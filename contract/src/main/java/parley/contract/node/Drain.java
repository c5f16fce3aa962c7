package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code drain}: the node takes no new accounts and hands its own to other nodes; no fields, no account. */
public record Drain() implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.DRAIN;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** The body has no fields: whatever else it holds is ignored, as the nodes always did. */
  public static Drain fromJson(JsonObject json) {
    return new Drain();
  }
}
