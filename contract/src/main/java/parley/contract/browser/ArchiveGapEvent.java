package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/**
 * {@code archive.gap}: messages of the account may have been missed; {@code reason} {@code no-archive},
 * {@code incomplete} or {@code node-lost}, and {@code text} says it in words.
 */
public record ArchiveGapEvent(String accountId, String reason, String text) implements BrowserEventBody {
  /** The IM server keeps no archive to fetch from. */
  public static final String NO_ARCHIVE = "no-archive";
  /** The catch-up from the server's archive was cut short. */
  public static final String INCOMPLETE = "incomplete";
  /** The protocol node holding the account was lost with its process, and its network has no archive. */
  public static final String NODE_LOST = "node-lost";

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
