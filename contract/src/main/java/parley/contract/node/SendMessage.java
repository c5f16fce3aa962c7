package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeCommand;

/**
 * {@code send-message}: {@code text} to {@code to} (an address in the network's own form, which its
 * node checks); {@code messageId}: the history id, null when absent.
 */
public record SendMessage(String to, String text, String messageId) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("to", to).put("text", text), "messageId", messageId);
  }

  /** Fails without {@code to} (INVALID_JID) or {@code text}, or with a text longer than the contract allows. */
  public static SendMessage fromJson(JsonObject json) {
    if (!(json.getValue("to") instanceof String to) || to.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field 'to' must name whom the message is for.");
    }
    String text = Json.requireString(json, "text");
    if (text.length() > Limits.MAX_TEXT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception(null);
    }
    return new SendMessage(to, text, Json.optionalString(json, "messageId", null));
  }
}
