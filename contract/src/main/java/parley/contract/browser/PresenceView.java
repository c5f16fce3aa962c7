package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.Presence;

/**
 * A contact's presence as the page shows it: {@code {"available": true, "show": "away", "status": ""}};
 * {@code show} is {@link Presence#OFFLINE} when not available, {@code status} empty when none.
 */
public record PresenceView(boolean available, String show, String status) {
  /** What is known of a contact no presence came from (or while the connection is down). */
  public static final PresenceView OFFLINE = new PresenceView(false, Presence.OFFLINE, "");

  public JsonObject toJson() {
    return new JsonObject().put("available", available).put("show", show).put("status", status);
  }

  /** Fails without {@code available}, {@code show} or {@code status} (which may be empty). */
  public static PresenceView fromJson(JsonObject json) {
    return new PresenceView(EventJson.requireBoolean(json, "available"), EventJson.requireString(json, "show"),
        EventJson.requireText(json, "status"));
  }
}
