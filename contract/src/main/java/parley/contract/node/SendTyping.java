package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NodeCommand;
import parley.contract.Presence;

/**
 * {@code send-typing}: tell {@code to} (an address in the network's own form, which its node checks)
 * that the user is typing or has stopped; {@code state} one of {@link Presence#TYPING_STATES}.
 */
public record SendTyping(String to, String state) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.SEND_TYPING;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("to", to).put("state", state);
  }

  /** Fails without {@code to} (INVALID_JID) or with a state other than composing, paused or active. */
  public static SendTyping fromJson(JsonObject json) {
    if (!(json.getValue("to") instanceof String to) || to.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field 'to' must name whom the typing notice is for.");
    }
    if (!(json.getValue("state") instanceof String state) || !Presence.TYPING_STATES.contains(state)) {
      throw Json.invalid("state");
    }
    return new SendTyping(to, state);
  }
}
