package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code typing}: {@code peer} is typing or stopped ({@code state} one of {@link parley.contract.Presence#TYPING_STATES}); a passing signal, no {@code seq}. */
public record TypingEvent(String accountId, String peer, String state) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.TYPING;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("peer", peer).put("state", state);
  }

  /** Fails without {@code accountId}, {@code peer} or {@code state}. */
  public static TypingEvent fromJson(JsonObject json) {
    return new TypingEvent(EventJson.requireString(json, "accountId"),
        EventJson.requireString(json, "peer"),
        EventJson.requireString(json, "state"));
  }
}
