package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code presence}: the contact {@code jid} shows {@code presence} ({@code {"available", "show", "status"}}). */
public record PresenceEvent(String accountId, String jid, JsonObject presence) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid).put("presence", presence);
  }

  /** Fails without {@code accountId}, {@code jid} or the {@code presence} object. */
  public static PresenceEvent fromJson(JsonObject json) {
    return new PresenceEvent(EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "jid"),
        EventJson.requireObject(json, "presence"));
  }
}
