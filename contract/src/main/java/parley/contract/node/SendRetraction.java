package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code send-retraction}: take back the message the user sent to {@code to} (an address in the
 * network's own form, which its node checks); {@code messageId} its history id.
 */
public record SendRetraction(String to, String messageId) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_RETRACTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("to", to).put("messageId", messageId);
  }

  /** Fails without {@code to} (INVALID_JID) or without a history id. */
  public static SendRetraction fromJson(JsonObject json) {
    return new SendRetraction(Json.requireAddress(json, "to", "whom the retraction is for"), historyId(json));
  }

  /** A history id: the session's message number as a string, which the node puts in the stanza's id. */
  static String historyId(JsonObject json) {
    String id = Json.requireString(json, "messageId");
    if (!id.matches("[0-9]{1,18}")) {
      throw Json.invalid("messageId");
    }
    return id;
  }
}
