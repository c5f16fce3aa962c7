package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code {"message": {...}}}: a stored message is new to the page (received, or the user's own pending one); {@code message} as history gives it, with its {@code id}. */
public record MessageEvent(JsonObject message) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.MESSAGE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("message", message);
  }

  /** Fails without a {@code message} object carrying a whole-number {@code id}. */
  public static MessageEvent fromJson(JsonObject json) {
    return new MessageEvent(EventJson.requireMessage(json));
  }
}
