package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code chat.read}: the chat with {@code peer} was read on one of the user's pages. */
public record ChatReadEvent(String accountId, String peer) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.CHAT_READ;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("peer", peer);
  }

  /** Fails without {@code accountId} or {@code peer}. */
  public static ChatReadEvent fromJson(JsonObject json) {
    return new ChatReadEvent(EventJson.requireString(json, "accountId"), EventJson.requireString(json, "peer"));
  }
}
