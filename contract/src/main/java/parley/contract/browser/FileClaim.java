package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code file.claim} (the web verticle's upload route only): the slot {@code slotId}, once. */
public record FileClaim(String slotId) {
  public String type() {
    return BrowserCommand.FILE_CLAIM;
  }

  public JsonObject toJson() {
    return new JsonObject().put("slotId", slotId);
  }

  public static FileClaim fromJson(JsonObject json) {
    return new FileClaim(CommandFields.string(json, "slotId", 64));
  }
}
