package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;
import parley.contract.Limits;
import parley.contract.Presence;

/** {@code presence.set}: the user's own presence on every account; {@code status} "" when absent. */
public record PresenceSet(String show, String status) {
  public JsonObject toJson() {
    return CommandFields.command(BrowserCommand.PRESENCE_SET).put("show", show).put("status", status);
  }

  /** Fails with a show the user cannot set ({@link Presence#SETTABLE}) or a status longer than the contract allows. */
  public static PresenceSet fromJson(JsonObject json) {
    String show = CommandFields.oneOf(json, "show", Presence.SETTABLE);
    String status = CommandFields.optionalString(json, "status", Limits.MAX_STATUS_CHARS);
    return new PresenceSet(show, status == null ? "" : status);
  }
}
