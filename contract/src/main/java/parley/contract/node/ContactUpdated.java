package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeEvent;

/** {@code contact-updated}: one roster entry added or changed. */
public record ContactUpdated(Contact contact) implements NodeEventBody {
  @Override
  public String type() {
    return NodeEvent.CONTACT_UPDATED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("contact", contact.toJson());
  }

  /** Fails without a {@code contact} object or with a malformed one (see {@link Contact#fromJson}). */
  public static ContactUpdated fromJson(JsonObject json) {
    return new ContactUpdated(Contact.fromJson(json.getValue("contact")));
  }
}
