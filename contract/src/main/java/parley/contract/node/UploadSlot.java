package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.NodeCommand;

/**
 * {@code upload-slot}: a slot on the IM server's file upload service for a file of {@code size} bytes
 * named {@code filename}; {@code contentType} null when absent. The node checks the name and type
 * against what its service takes.
 */
public record UploadSlot(String filename, long size, String contentType) implements NodeCommandBody {
  @Override
  public String type() {
    return NodeCommand.UPLOAD_SLOT;
  }

  @Override
  public JsonObject toJson() {
    return Json.putIf(new JsonObject().put("filename", filename).put("size", size), "contentType", contentType);
  }

  /** Fails without {@code filename}, without a whole positive {@code size}, or with a contentType that is not a string. */
  public static UploadSlot fromJson(JsonObject json) {
    String filename = Json.requireString(json, "filename");
    Long size = Json.optionalLong(json, "size");
    if (size == null || size <= 0) {
      throw Json.invalid("size");
    }
    return new UploadSlot(filename, size, Json.optionalString(json, "contentType", null));
  }
}
