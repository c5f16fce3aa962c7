package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code attach}: a page (re)joins the user's session; {@code since} the last event sequence it saw
 * on {@code stream} (both null on a first attach), so the session may replay what it missed.
 */
public record Attach(Long since, String stream) {
  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.ATTACH);
    CommandFields.putIf(json, "since", since);
    return CommandFields.putIf(json, "stream", stream);
  }

  /** Fails when {@code since} is not a whole number or {@code stream} not a short text. */
  public static Attach fromJson(JsonObject json) {
    return new Attach(CommandFields.optionalLong(json, "since"), CommandFields.optionalString(json, "stream", 64));
  }
}
