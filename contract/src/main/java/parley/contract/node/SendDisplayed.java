package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code send-displayed}: tell {@code to} (an address in the network's own form, which its node
 * checks) that the user has seen their messages up to the one with the marker {@code id} they sent.
 */
public record SendDisplayed(String to, String id) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_DISPLAYED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("to", to).put("id", id);
  }

  /** Fails without {@code to} (INVALID_JID) or {@code id}. */
  public static SendDisplayed fromJson(JsonObject json) {
    return new SendDisplayed(Json.requireAddress(json, "to", "whom the marker is for"), Json.requireString(json, "id"));
  }
}
