package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code resync}: report the account's connection again (state, roster, presence); no fields. */
public record Resync() implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.RESYNC;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** The body has no fields: whatever else it holds is ignored, as the nodes always did. */
  public static Resync fromJson(JsonObject json) {
    return new Resync();
  }
}
