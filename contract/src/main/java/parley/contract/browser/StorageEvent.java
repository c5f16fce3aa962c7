package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/**
 * {@code storage}: the server cannot store messages right now ({@code available} false, {@code text} saying
 * so), or can again ({@code available} true, no {@code text}).
 */
public record StorageEvent(boolean available, String text) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.STORAGE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("available", available);
    return text == null ? json : json.put("text", text);
  }

  /** Fails without the boolean {@code available}, or with a {@code text} that is not a string. */
  public static StorageEvent fromJson(JsonObject json) {
    return new StorageEvent(EventJson.requireBoolean(json, "available"), EventJson.optionalString(json, "text"));
  }
}
