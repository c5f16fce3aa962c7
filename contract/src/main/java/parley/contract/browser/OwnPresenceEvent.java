package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code own-presence}: the user set the presence every account shows ({@code show}, {@code status} possibly empty). */
public record OwnPresenceEvent(String show, String status) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.OWN_PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("show", show).put("status", status);
  }

  /** Fails without {@code show} or {@code status}. */
  public static OwnPresenceEvent fromJson(JsonObject json) {
    return new OwnPresenceEvent(EventJson.requireString(json, "show"), EventJson.requireText(json, "status"));
  }
}
