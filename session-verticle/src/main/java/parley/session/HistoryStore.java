package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** Every chat message in and out, per user, account and peer. */
final class HistoryStore {
  static final String IN = "in";
  static final String OUT = "out";

  /**
   * The history row and its usage record, which gets the row's id and time: {@code msg:<id>} as
   * {@link parley.contract.UsageKind#messageId} makes it, and {@code ts} in epoch milliseconds.
   */
  private static final String APPEND = """
      with message as (
        insert into session.messages (user_id, account_id, peer, direction, body)
        values ($1, $2, $3, $4, $5)
        returning id, (extract(epoch from date_trunc('milliseconds', sent_at)) * 1000)::bigint as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id, $6::jsonb || jsonb_build_object('id', 'msg:' || id, 'ts', ts) from message
        on conflict (id) do nothing
      )
      select id, ts from message""";

  private final Pool pool;
  /** Told after each commit, so the relay sends the new usage record soon. */
  private final Runnable afterCommit;

  HistoryStore(Pool pool, Runnable afterCommit) {
    this.pool = pool;
    this.afterCommit = afterCommit;
  }

  /**
   * Stores the message and its usage record in one statement, so they commit together (billing
   * hears of every stored message, exactly once) in one round trip, and answers the message in
   * its browser form.
   */
  Future<JsonObject> append(String userId, ImAccount account, String peer, String direction, String text) {
    String accountId = account.id();
    JsonObject usage = UsageRecords.messageWithoutIdAndTs(userId, accountId, account.network(), direction, text);
    return pool.preparedQuery(APPEND)
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, direction, text, usage))
        .map(rows -> {
          Row row = rows.iterator().next();
          return message(row.getLong("id"), accountId, peer, direction, text, row.getLong("ts"));
        })
        .onSuccess(m -> afterCommit.run());
  }

  /** Up to {@code limit} messages before {@code beforeId} (or the newest), oldest first. */
  Future<JsonArray> page(String userId, String accountId, String peer, Long beforeId, int limit) {
    return pool.preparedQuery("select id, direction, body, sent_at from session.messages"
            + " where user_id = $1 and account_id = $2 and peer = $3 and id < $4 order by id desc limit $5")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer,
            beforeId == null ? Long.MAX_VALUE : beforeId, limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(row -> out.add(message(row.getLong("id"), accountId, peer, row.getString("direction"),
              row.getString("body"), row.getOffsetDateTime("sent_at").toInstant().toEpochMilli())));
          Collections.reverse(out);
          return new JsonArray(new ArrayList<>(out));
        });
  }

  static JsonObject message(long id, String accountId, String peer, String direction, String text, long ts) {
    return new JsonObject().put("id", id).put("accountId", accountId).put("peer", peer)
        .put("direction", direction).put("text", text).put("ts", ts);
  }
}
