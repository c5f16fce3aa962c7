package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/** {@code contact-removed}: the roster entry {@code jid} is gone. */
public record ContactRemoved(String jid) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.CONTACT_REMOVED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("jid", jid);
  }

  /** Fails without {@code jid}. */
  public static ContactRemoved fromJson(JsonObject json) {
    return new ContactRemoved(Json.requireString(json, "jid"));
  }
}
