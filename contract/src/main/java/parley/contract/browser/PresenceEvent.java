package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code presence}: the contact {@code jid} shows {@code presence}. */
public record PresenceEvent(String accountId, String jid, PresenceView presence) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("jid", jid).put("presence", presence.toJson());
  }

  /** Fails without {@code accountId}, {@code jid} or the {@code presence} object, or with one that is not a presence. */
  public static PresenceEvent fromJson(JsonObject json) {
    return new PresenceEvent(EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "jid"),
        PresenceView.fromJson(EventJson.requireObject(json, "presence")));
  }
}
