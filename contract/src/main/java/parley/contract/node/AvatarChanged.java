package parley.contract.node;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import parley.contract.NodeEvent;

/**
 * {@code avatar}: a contact's avatar (XMPP: XEP-0153 vCard photo or XEP-0084): its SHA-1 {@code hash},
 * an image {@code mediaType} the page may show and the image as base64 {@code data} of bounded size;
 * an empty hash, without type and data, says the contact has none now.
 */
public record AvatarChanged(String jid, String hash, String mediaType, String data) implements NodeEventBody {
  public static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  /** Base64 of the largest image a node may send (xmpp.maxAvatarBytes at most 128 KiB). */
  public static final int MAX_DATA_CHARS = (128 * 1024 + 2) / 3 * 4;
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}");

  /** The contact {@code jid} has no avatar now. */
  public static AvatarChanged none(String jid) {
    return new AvatarChanged(jid, "", null, null);
  }

  public boolean removed() {
    return hash.isEmpty();
  }

  @Override
  public String type() {
    return NodeEvent.AVATAR;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("jid", jid).put("hash", hash);
    Json.putIf(json, "mediaType", mediaType);
    return Json.putIf(json, "data", data);
  }

  /**
   * Fails without {@code jid}, with a hash that is neither empty nor SHA-1 hex, or (with a hash) with a
   * type the page may not show or data that is not base64 of at most {@link #MAX_DATA_CHARS} characters.
   */
  public static AvatarChanged fromJson(JsonObject json) {
    String jid = Json.requireString(json, "jid");
    if (!(json.getValue("hash") instanceof String hash) || !(hash.isEmpty() || HASH.matcher(hash).matches())) {
      throw Json.invalid("hash");
    }
    if (hash.isEmpty()) {
      return none(jid);
    }
    if (!(json.getValue("mediaType") instanceof String type) || !TYPES.contains(type)) {
      throw Json.invalid("mediaType");
    }
    if (!(json.getValue("data") instanceof String data) || data.isEmpty() || data.length() > MAX_DATA_CHARS
        || !base64(data)) {
      throw Json.invalid("data");
    }
    return new AvatarChanged(jid, hash, type, data);
  }

  private static boolean base64(String data) {
    try {
      Base64.getDecoder().decode(data);
      return true;
    } catch (IllegalArgumentException x) {
      return false;
    }
  }
}
