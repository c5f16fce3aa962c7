package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code history.get}: a page of the stored chat with {@code peer}: before, after or around a message
 * id (at most one of them; none: the newest), {@code limit} messages (null: the session's default).
 */
public record HistoryGet(String accountId, String peer, Long before, Long after, Long around, Long limit) {
  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.HISTORY_GET).put("accountId", accountId).put("peer", peer);
    CommandFields.putIf(json, "before", before);
    CommandFields.putIf(json, "after", after);
    CommandFields.putIf(json, "around", around);
    return CommandFields.putIf(json, "limit", limit);
  }

  /** Fails without an account id or an address, with a position or limit not a whole number, or with two positions. */
  public static HistoryGet fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String peer = CommandFields.address(json, "peer");
    Long before = CommandFields.optionalLong(json, "before");
    Long after = CommandFields.optionalLong(json, "after");
    Long around = CommandFields.optionalLong(json, "around");
    Long limit = CommandFields.optionalLong(json, "limit");
    if ((before != null ? 1 : 0) + (after != null ? 1 : 0) + (around != null ? 1 : 0) > 1) {
      throw CommandFields.invalid("Ask for history before, after or around a message, one at a time.");
    }
    return new HistoryGet(accountId, peer, before, after, around, limit);
  }
}
