package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NodeCommand;
import parley.contract.Presence;

/**
 * {@code set-presence}: the user's own presence, a {@link Presence#SETTABLE} {@code show} (available
 * when absent) and a {@code status} text ("" when absent); also the {@code presence} of {@code connect}.
 */
public record SetPresence(String show, String status) implements NodeCommandBody {
  /** What an account shows when the user set nothing. */
  public static final SetPresence AVAILABLE = new SetPresence(Presence.AVAILABLE, "");

  @Override
  public String type() {
    return NodeCommand.SET_PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("show", show).put("status", status);
  }

  /** Fails with a show the user cannot set, or a status longer than the contract allows (TEXT_TOO_LONG). */
  public static SetPresence fromJson(JsonObject json) {
    String show = Json.optionalString(json, "show", Presence.AVAILABLE);
    if (!Presence.SETTABLE.contains(show)) {
      throw Json.invalid("show");
    }
    String status = Json.optionalString(json, "status", "");
    if (status.length() > Limits.MAX_STATUS_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception("The status is longer than " + Limits.MAX_STATUS_CHARS + " characters.");
    }
    return new SetPresence(show, status);
  }
}
