package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/**
 * {@code session.moved}: the user's state moved to another session process; the page attaches again.
 * The web process sends it to its own sockets outside the numbered stream (no {@code seq}).
 */
public record SessionMovedEvent() implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.SESSION_MOVED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  public static SessionMovedEvent fromJson(JsonObject json) {
    return new SessionMovedEvent();
  }
}
