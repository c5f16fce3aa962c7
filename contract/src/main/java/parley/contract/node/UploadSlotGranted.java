package parley.contract.node;

import io.vertx.core.json.JsonObject;

/**
 * A node's answer to {@code upload-slot} ({@link UploadSlot}): PUT the bytes to {@code putUrl} with
 * {@code headers} (name to value, possibly empty), then share {@code getUrl}; {@code maxBytes} is the
 * largest file the IM server's upload service takes (-1 when it does not say).
 */
public record UploadSlotGranted(String putUrl, JsonObject headers, String getUrl, long maxBytes) {
  public JsonObject toJson() {
    return new JsonObject().put("putUrl", putUrl).put("headers", headers).put("getUrl", getUrl).put("maxBytes", maxBytes);
  }

  /** Fails without {@code putUrl} or {@code getUrl}, with headers that are not an object of strings, or without maxBytes. */
  public static UploadSlotGranted fromJson(JsonObject json) {
    String putUrl = Json.requireString(json, "putUrl");
    if (!(json.getValue("headers") instanceof JsonObject headers)
        || !headers.stream().allMatch(h -> h.getValue() instanceof String)) {
      throw Json.invalid("headers");
    }
    return new UploadSlotGranted(putUrl, headers, Json.requireString(json, "getUrl"), Json.requireLong(json, "maxBytes"));
  }
}
