package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code disconnect}: close the account's connection; no fields (the envelope names the account). */
public record Disconnect() implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.DISCONNECT;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** The body has no fields: whatever else it holds is ignored, as the nodes always did. */
  public static Disconnect fromJson(JsonObject json) {
    return new Disconnect();
  }
}
