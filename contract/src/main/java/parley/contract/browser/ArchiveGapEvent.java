package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/**
 * {@code archive.gap}: messages of the account may have been missed; {@code reason} {@code no-archive},
 * {@code incomplete} or {@code node-lost}, and {@code text} says it in words.
 */
public record ArchiveGapEvent(String accountId, String reason, String text) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.ARCHIVE_GAP;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("reason", reason).put("text", text);
  }

  /** Fails without {@code accountId}, {@code reason} or {@code text}. */
  public static ArchiveGapEvent fromJson(JsonObject json) {
    return new ArchiveGapEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "reason"),
        EventJson.requireString(json, "text"));
  }
}
