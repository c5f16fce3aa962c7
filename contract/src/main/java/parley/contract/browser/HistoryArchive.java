package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;

/**
 * {@code history.archive}: older messages of the chat with {@code peer} from the IM server's archive,
 * before the page's oldest: its archive id {@code before} (null when absent or "") or else its time
 * {@code beforeTs}; {@code limit} messages (null: the session's default).
 */
public record HistoryArchive(String accountId, String peer, String before, Long beforeTs, Long limit) {
  static final int MAX_ARCHIVE_ID_CHARS = 200;

  public JsonObject toJson() {
    JsonObject json = CommandFields.command(BrowserCommand.HISTORY_ARCHIVE).put("accountId", accountId).put("peer", peer);
    CommandFields.putIf(json, "before", before);
    CommandFields.putIf(json, "beforeTs", beforeTs);
    return CommandFields.putIf(json, "limit", limit);
  }

  /** Fails without an account id or an address, with an archive id over 200 characters, or a time or limit not a whole number. */
  public static HistoryArchive fromJson(JsonObject json) {
    String accountId = CommandFields.accountId(json);
    String peer = CommandFields.address(json, "peer");
    String before = CommandFields.optionalString(json, "before", MAX_ARCHIVE_ID_CHARS);
    Long beforeTs = CommandFields.optionalLong(json, "beforeTs");
    return new HistoryArchive(accountId, peer, before == null || before.isEmpty() ? null : before, beforeTs,
        CommandFields.optionalLong(json, "limit"));
  }
}
