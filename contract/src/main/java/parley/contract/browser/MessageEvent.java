package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code {"message": {...}}}: a stored message is new to the page (received, or the user's own pending one); {@code message} as history gives it, with its {@code id}. */
public record MessageEvent(StoredMessage message) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("message", message.toJson());
  }

  /** Fails without a {@code message} with its whole-number {@code id}, or with a field of it missing or invalid. */
  public static MessageEvent fromJson(JsonObject json) {
    return new MessageEvent(EventJson.requireMessage(json));
  }
}
