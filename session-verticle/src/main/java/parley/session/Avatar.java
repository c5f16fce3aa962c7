package parley.session;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A contact's avatar as a node reported it, checked once more before it is kept: a SHA-1 hash, an
 * image type the page may show, and base64 data of bounded size. The page gets it as a
 * {@code data:} URL built here from those checked parts only.
 */
record Avatar(String hash, String mediaType, String data) {
  static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  /** Base64 of the largest image a node may send (xmpp.maxAvatarBytes at most 128 KiB). */
  static final int MAX_DATA_CHARS = (128 * 1024 + 2) / 3 * 4;
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}");

  /** The event's avatar; one with an empty hash says there is none; null when the event is malformed. */
  static Avatar of(JsonObject e) {
    String hash = e.getValue("hash") instanceof String h ? h : null;
    if ("".equals(hash)) {
      return new Avatar("", null, null);
    }
    String type = e.getValue("mediaType") instanceof String t ? t : null;
    String data = e.getValue("data") instanceof String d ? d : null;
    if (hash == null || !HASH.matcher(hash).matches() || !TYPES.contains(type) || data == null
        || data.isEmpty() || data.length() > MAX_DATA_CHARS) {
      return null;
    }
    try {
      Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException x) {
      return null;
    }
    return new Avatar(hash, type, data);
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
