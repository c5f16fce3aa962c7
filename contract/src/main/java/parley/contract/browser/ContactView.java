package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Contact;

/**
 * A roster contact as the page shows it: the node's {@link Contact} ({@code jid}, {@code name} left out
 * when none, {@code groups}, {@code subscription}) with its {@code accountId}, its {@code presence} and
 * the hash of its {@code avatar} (null when none; the page fetches the image by {@code avatar.get}).
 */
public record ContactView(Contact contact, String accountId, PresenceView presence, String avatar) {
  public String jid() {
    return contact.jid();
  }

  public JsonObject toJson() {
    return contact.toJson().put("accountId", accountId).put("presence", presence.toJson()).put("avatar", avatar);
  }

  /** Fails without {@code jid}, {@code accountId} or the {@code presence} object, or with a field of the wrong type. */
  public static ContactView fromJson(JsonObject json) {
    return new ContactView(Contact.fromJson(json), EventJson.requireString(json, "accountId"),
        PresenceView.fromJson(EventJson.requireObject(json, "presence")), EventJson.optionalString(json, "avatar"));
  }
}
