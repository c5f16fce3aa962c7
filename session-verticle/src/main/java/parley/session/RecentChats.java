package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import parley.contract.browser.ChatsRecent;
import parley.contract.Limits;

/**
 * The user's recent conversations ({@code chats.recent}): each chat (a person or a group chat on
 * one account) with its newest stored message, newest chat first, a page at a time. Reads
 * migration V13's table {@code session.chats} (each chat's newest message id, kept by a trigger),
 * so a page sorts the user's chats (one row each, V24) however long the history is. Only the asking
 * user's chats: the user id comes from the signed-in session, never from the command.
 */
final class RecentChats {
  static final int DEFAULT_LIMIT = 30;

  private static final String PAGE = """
      select c.account_id, c.peer, m.id, m.direction, m.body, m.sent_at, m.status, m.error,
        coalesce(m.room_stanza_id, m.stanza_id) as stanza_id, m.edited, m.retracted, m.remote_id, m.nick
      from session.chats c join session.messages m on m.id = c.last_id
      where c.user_id = $1 and c.last_id < $2
      order by c.last_id desc limit $3""";

  private final Pool pool;
  private final UserBudgets budgets;

  /** {@code budgets}: how often a user may ask (session.recentChatsPerMinute), as for searches. */
  RecentChats(Pool pool, UserBudgets budgets) {
    this.pool = pool;
    this.budgets = budgets;
  }

  /**
   * Up to {@code limit} (1..{@link Limits#MAX_RECENT_CHATS}, default {@link #DEFAULT_LIMIT}) chats
   * whose newest message is older than {@code before} (a message id; null: from the newest), and
   * whether there are more. Unread counts and networks come from the user's loaded session, which
   * owns them (the stream's {@code chat.read} and {@code message} events keep the page's copy).
   */
  Future<JsonObject> page(UserSession user, ChatsRecent c) {
    Long before = c.before();
    Long limit = c.limit();
    budgets.take(user.userId, System.nanoTime());
    int size = (int) Math.max(1, Math.min(Limits.MAX_RECENT_CHATS, limit == null ? DEFAULT_LIMIT : limit));
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(UUID.fromString(user.userId), before == null ? Long.MAX_VALUE : before, size + 1))
        .map(rows -> {
          JsonArray chats = new JsonArray();
          boolean more = false;
          for (Row row : rows) {
            if (chats.size() == size) {
              more = true;
              break;
            }
            String accountId = row.getUUID("account_id").toString();
            String peer = row.getString("peer");
            AccountSession a = user.accounts.get(accountId);
            chats.add(new JsonObject()
                .put("accountId", accountId)
                .put("peer", peer)
                .put("network", a == null ? null : a.account.network())
                .put("unread", user.unread.getOrDefault(UserSession.chatKey(accountId, peer), 0))
                .put("message", HistoryStore.pageMessage(row).toJson()));
          }
          return new JsonObject().put("chats", chats).put("more", more);
        });
  }
}
