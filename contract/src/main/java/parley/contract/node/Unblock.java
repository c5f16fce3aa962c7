package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code unblock}: unblock {@code jid} (an address in the network's own form, which its node checks). */
public record Unblock(String jid) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.UNBLOCK;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid);
  }

  /** Fails without {@code jid} (INVALID_JID). */
  public static Unblock fromJson(JsonObject json) {
    return new Unblock(Json.requireAddress(json, "jid", "whom to unblock"));
  }
}
