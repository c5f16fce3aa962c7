package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;

/**
 * {@code file.slot}: a slot on the account's upload service for a file of {@code size} bytes to
 * {@code to}; {@code contentType} null when the page named none. The session checks Parley's size limit.
 */
public record FileSlot(String accountId, String to, String filename, long size, String contentType) {
  public static final int MAX_FILENAME_CHARS = 200;
  public static final int MAX_CONTENT_TYPE_CHARS = 128;

  public String type() {
    return BrowserCommand.FILE_SLOT;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(new JsonObject().put("accountId", accountId).put("to", to).put("filename", filename)
        .put("size", size), "contentType", contentType);
  }

  public static FileSlot fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String to = CommandFields.address(json, "to");
    String filename = CommandFields.string(json, "filename", MAX_FILENAME_CHARS);
    Long size = CommandFields.optionalLong(json, "size");
    if (size == null || size <= 0) {
      throw FailureCode.INVALID_FIELD.exception("size must be the file's size in bytes.");
    }
    String contentType = CommandFields.optionalString(json, "contentType", MAX_CONTENT_TYPE_CHARS);
    return new FileSlot(accountId, to, filename, size, contentType == null || contentType.isBlank() ? null : contentType);
  }
}
