package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import parley.contract.browser.EventJson;

/** The reply to {@link UserSuspend} and {@link UserResume}: whether sending is suspended now, and who said so. */
public record SuspensionChanged(boolean suspended, String by) {
  public JsonObject toJson() {
    return new JsonObject().put("suspended", suspended).put("by", by);
  }

  public static SuspensionChanged fromJson(JsonObject json) {
    return new SuspensionChanged(EventJson.requireBoolean(json, "suspended"), EventJson.requireString(json, "by"));
  }
}
