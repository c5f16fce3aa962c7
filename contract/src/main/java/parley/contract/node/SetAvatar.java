package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code set-avatar}: the user's own picture as base64 {@code data}; the node decodes it and checks
 * that it is an image it may publish. {@link #toString()} shows its length, not the data.
 */
public record SetAvatar(String data) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SET_AVATAR;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("data", data);
  }

  /** Fails without {@code data}. */
  public static SetAvatar fromJson(JsonObject json) {
    return new SetAvatar(Json.requireString(json, "data"));
  }

  @Override
  public String toString() {
    return "SetAvatar[" + data.length() + " base64 characters]";
  }
}
