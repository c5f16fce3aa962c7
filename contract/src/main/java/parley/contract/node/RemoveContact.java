package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code remove-contact}: take {@code jid} (an address in the network's own form, which its node checks) off the roster. */
public record RemoveContact(String jid) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.REMOVE_CONTACT;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid);
  }

  /** Fails without {@code jid} (INVALID_JID). */
  public static RemoveContact fromJson(JsonObject json) {
    return new RemoveContact(Json.requireAddress(json, "jid", "the contact to remove"));
  }
}
