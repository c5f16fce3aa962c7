package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/** {@code move-asked}: a draining node asks the session to move this account to another node; no fields. */
public record MoveAsked() implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.MOVE_ASKED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }

  /** Any body will do: the envelope says all. */
  public static MoveAsked fromJson(JsonObject json) {
    return new MoveAsked();
  }
}
