package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code {"message": {...}}}: a stored message was corrected ({@code edited}) or taken back ({@code removed}) by its sender; {@code message} as history gives it, with its {@code id}. */
public record MessageUpdatedEvent(StoredMessage message) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.MESSAGE_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson());
  }

  /** Fails without a {@code message} with its whole-number {@code id}, or with a field of it missing or invalid. */
  public static MessageUpdatedEvent fromJson(JsonObject json) {
    return new MessageUpdatedEvent(EventJson.requireMessage(json));
  }
}
