package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import parley.contract.UsageKind;
import parley.contract.billing.UsageRecord;

/**
 * Writes usage records into {@code session.usage_outbox}, on whatever connection the caller
 * holds, so a record commits or rolls back with what it accounts for.
 */
final class UsageRecords {
  private static final String INSERT = "insert into session.usage_outbox (id, record) values ($1, $2) on conflict (id) do nothing";

  private UsageRecords() {}

  /**
   * A message's record but for {@code id} (from the history row's id, {@link UsageKind#messageId})
   * and {@code ts} (its {@code sent_at} in epoch milliseconds), which the database adds as it
   * stores the row ({@link HistoryStore#append}).
   */
  static JsonObject messageWithoutIdAndTs(String userId, String accountId, String network, String direction,
                                          String text) {
    return UsageRecord.message(userId, accountId, network,
        HistoryStore.OUT.equals(direction) ? UsageKind.MESSAGE_SENT : UsageKind.MESSAGE_RECEIVED,
        text.getBytes(StandardCharsets.UTF_8).length).toJson();
  }

  /** Adds records to the outbox; one already there (same id) stays as it is. */
  static Future<Void> insert(SqlClient client, List<UsageRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = records.stream().map(r -> Tuple.of(r.id(), r.toJson())).toList();
    return client.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
  }
}
