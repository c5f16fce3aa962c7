package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.MessageStatus;
import parley.contract.NodeEvent;

/**
 * {@code message-status}: {@code from}'s client acknowledged the message with history id {@code messageId};
 * {@code status} {@link MessageStatus#DELIVERED} or {@link MessageStatus#READ}.
 */
public record MessageStatusChanged(String messageId, String from, String status) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.MESSAGE_STATUS;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("messageId", messageId).put("from", from).put("status", status);
  }

  /** Fails without {@code messageId} or {@code from}, or with a status other than delivered or read. */
  public static MessageStatusChanged fromJson(JsonObject json) {
    String messageId = Json.requireString(json, "messageId");
    String from = Json.requireString(json, "from");
    String status = Json.requireString(json, "status");
    if (!MessageStatus.DELIVERED.equals(status) && !MessageStatus.READ.equals(status)) {
      throw Json.invalid("status");
    }
    return new MessageStatusChanged(messageId, from, status);
  }
}
