package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NodeEvent;

/**
 * {@code message-failed}: the message with history id {@code messageId} (as {@code send-message} gave it)
 * to {@code to} was not delivered, for the reason {@code error}; {@code to} and {@code error} null when absent.
 */
public record MessageFailed(String messageId, String to, Failure error) implements NodeEventBody {
  public static MessageFailed of(String messageId, String to, FailureCode code, String text) {
    return new MessageFailed(messageId, to, Failure.of(code, text));
  }

  @Override
  public String type() {
    return NodeEvent.MESSAGE_FAILED;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = Json.putIf(new JsonObject().put("messageId", messageId), "to", to);
    return Json.putIf(json, "error", error == null ? null : error.toJson());
  }

  /** Fails without {@code messageId} or with a field of the wrong type. */
  public static MessageFailed fromJson(JsonObject json) {
    return new MessageFailed(Json.requireString(json, "messageId"), Json.optionalString(json, "to", null),
        Failure.optional(json, "error"));
  }
}
