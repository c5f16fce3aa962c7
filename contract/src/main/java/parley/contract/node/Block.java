package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code block}: block {@code jid} (an address in the network's own form, which its node checks) on the IM server. */
public record Block(String jid) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.BLOCK;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid);
  }

  /** Fails without {@code jid} (INVALID_JID). */
  public static Block fromJson(JsonObject json) {
    return new Block(Json.requireAddress(json, "jid", "whom to block"));
  }
}
