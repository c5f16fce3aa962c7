package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code add-contact}: put {@code jid} (an address in the network's own form, which its node checks)
 * on the roster and ask to see their presence; {@code name} and {@code group} null when absent.
 */
public record AddContact(String jid, String name, String group) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.ADD_CONTACT;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(Json.putIf(new JsonObject().put("jid", jid), "name", name), "group", group);
  }

  /** Fails without {@code jid} (INVALID_JID), or with a name or group that is not a string. */
  public static AddContact fromJson(JsonObject json) {
    return new AddContact(Json.requireAddress(json, "jid", "the contact to add"),
        Json.optionalString(json, "name", null), Json.optionalString(json, "group", null));
  }
}
