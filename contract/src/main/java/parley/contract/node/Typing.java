package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;
import parley.contract.Presence;

/** {@code typing}: {@code from} is typing or has stopped; {@code state} one of {@link Presence#TYPING_STATES}. */
public record Typing(String from, String state) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.TYPING;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("from", from).put("state", state);
  }

  /** Fails without {@code from} or with a state the page does not know. */
  public static Typing fromJson(JsonObject json) {
    String from = Json.requireString(json, "from");
    String state = Json.requireString(json, "state");
    if (!Presence.TYPING_STATES.contains(state)) {
      throw Json.invalid("state");
    }
    return new Typing(from, state);
  }
}
