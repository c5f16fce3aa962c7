package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/** {@code chats.recent}: a page of the user's recent chats, older than {@code before} when given; each may be null. */
public record ChatsRecent(Long before, Long limit) {
  public String type() {
    return BrowserCommand.CHATS_RECENT;
  }

  public JsonObject toJson() {
    return CommandFields2.putIf(CommandFields2.putIf(new JsonObject(), "before", before), "limit", limit);
  }

  public static ChatsRecent fromJson(JsonObject json) {
    return new ChatsRecent(CommandFields2.optionalLong(json, "before"), CommandFields2.optionalLong(json, "limit"));
  }
}
