package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code chats.recent}: a page of the user's recent chats, older than {@code before} when given; each may be null. */
public record ChatsRecent(Long before, Long limit) {
  public String type() {
    return BrowserCommand.CHATS_RECENT;
  }

  public JsonObject toJson() {
    return CommandFields.putIf(CommandFields.putIf(new JsonObject(), "before", before), "limit", limit);
  }

  public static ChatsRecent fromJson(JsonObject json) {
    return new ChatsRecent(CommandFields.optionalLong(json, "before"), CommandFields.optionalLong(json, "limit"));
  }
}
