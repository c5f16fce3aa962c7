package parley.contract.browser;

import io.vertx.core.json.JsonObject;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;

/**
 * {@code history.export} (the web verticle's export route only): one page of the user's history
 * after message {@code after}: a person's ({@code personId}), one chat ({@code accountId} and
 * {@code peer}), or all (both null).
 */
public record HistoryExport(String accountId, String peer, String personId, Long after) {
  public String type() {
    return BrowserCommand.HISTORY_EXPORT;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    CommandFields.putIf(json, "accountId", accountId);
    CommandFields.putIf(json, "peer", peer);
    CommandFields.putIf(json, "personId", personId);
    return CommandFields.putIf(json, "after", after);
  }

  /** An empty {@code accountId} counts as absent; a chat needs its peer. */
  public static HistoryExport fromJson(JsonObject json) {
    String accountId = CommandFields.optionalString(json, "accountId", CommandFields.MAX_ACCOUNT_ID_CHARS);
    boolean person = json.getValue("personId") != null;
    if (person && accountId != null) {
      throw FailureCode.INVALID_FIELD.exception("Export a person or one chat (accountId and peer), not both.");
    }
    String personId = person ? CommandFields.string(json, "personId", 64) : null;
    boolean chat = accountId != null && !accountId.isEmpty();
    String peer = chat ? CommandFields.address(json, "peer") : null;
    Long after = CommandFields.optionalLong(json, "after");
    return new HistoryExport(chat ? accountId : null, peer, personId, after);
  }
}
