package parley.session;

import io.vertx.core.json.JsonObject;
import parley.contract.node.AvatarChanged;

/**
 * A contact's avatar as kept with the contact: the parts of an {@link AvatarChanged} event (checked
 * there: a SHA-1 hash, an image type the page may show, base64 data of bounded size). The page gets
 * it as a {@code data:} URL built here from those checked parts only.
 */
record Avatar(String hash, String mediaType, String data) {
  /** The event's avatar; one with an empty hash says there is none. */
  static Avatar of(AvatarChanged e) {
    return new Avatar(e.hash(), e.mediaType(), e.data());
  }

  JsonObject toJson() {
    return new JsonObject().put("hash", hash).put("mediaType", mediaType).put("data", data);
  }

  /** What {@code avatar.get} answers: the hash and a {@code data:} URL of the image. */
  static JsonObject answer(JsonObject kept) {
    return new JsonObject().put("hash", kept.getString("hash"))
        .put("url", "data:" + kept.getString("mediaType") + ";base64," + kept.getString("data"));
  }
}
