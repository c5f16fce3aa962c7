package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code {"message": {...}}}: a stored message's status changed (pending, sent, delivered, read, failed with the reason); {@code message} as history gives it, with its {@code id}. */
public record MessageStatusEvent(StoredMessage message) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.MESSAGE_STATUS;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson());
  }

  /** Fails without a {@code message} with its whole-number {@code id}, or with a field of it missing or invalid. */
  public static MessageStatusEvent fromJson(JsonObject json) {
    return new MessageStatusEvent(EventJson.requireMessage(json));
  }
}
