package parley.nodekit;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Presence;

/** The user's own presence as a node receives it: a {@link Presence#SETTABLE} show and a status text. */
public record OwnPresence(String show, String status) {

  public static OwnPresence parse(JsonObject body) {
    String show = NodeFields.optionalString(body, "show", Presence.AVAILABLE);
    if (!Presence.SETTABLE.contains(show)) {
      throw NodeFields.invalid("show");
    }
    String status = NodeFields.optionalString(body, "status", "");
    if (status.length() > Limits.MAX_STATUS_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception("The status is longer than " + Limits.MAX_STATUS_CHARS + " characters.");
    }
    return new OwnPresence(show, status);
  }

  /** The {@code presence} object of a {@code connect} command (available when absent). */
  public static OwnPresence ofConnect(JsonObject connect) {
    return parse(connect.getValue("presence") instanceof JsonObject p ? p : new JsonObject());
  }

  public boolean available() {
    return Presence.AVAILABLE.equals(show) || Presence.CHAT.equals(show);
  }
}
