package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/** {@code answer-subscription}: let {@code jid} see the user's presence ({@code approve} true) or not. */
public record AnswerSubscription(String jid, boolean approve) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.ANSWER_SUBSCRIPTION;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid).put("approve", approve);
  }

  /** Fails without {@code jid} (INVALID_JID) or without a boolean {@code approve}. */
  public static AnswerSubscription fromJson(JsonObject json) {
    return new AnswerSubscription(Json.requireAddress(json, "jid", "whose request is answered"),
        Json.requireBoolean(json, "approve"));
  }
}
