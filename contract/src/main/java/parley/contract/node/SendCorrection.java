package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeCommand;

/**
 * {@code send-correction}: replace the text of the message the user sent to {@code to} (an address
 * in the network's own form, which its node checks) with {@code text}; {@code messageId} its history id.
 */
public record SendCorrection(String to, String messageId, String text) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_CORRECTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("to", to).put("messageId", messageId).put("text", text);
  }

  /** Fails without {@code to} (INVALID_JID), without a history id, or with a text longer than the contract allows. */
  public static SendCorrection fromJson(JsonObject json) {
    String to = Json.requireAddress(json, "to", "whom the correction is for");
    String messageId = SendRetraction.historyId(json);
    String text = Json.requireString(json, "text");
    if (text.length() > Limits.MAX_TEXT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception(null);
    }
    return new SendCorrection(to, messageId, text);
  }
}
