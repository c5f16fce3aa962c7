package parley.session;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.node.SetPresence;

/**
 * The part of a user's state a new shard owner needs and the IM server cannot tell it: unread
 * counts, pending subscription requests, the user's own presence and which node holds each
 * account. Every write carries the shard's {@link ShardLeases.Fence}: a process that lost the
 * shard writes nothing.
 */
final class UserStateStore {
  /**
   * What {@link #load} reads back. {@code nodes}: account id → node id; {@code people}: person id →
   * its contacts' chat keys; {@code dismissedSuggestions}: {@link SuggestionKey#text}s, oldest first;
   * {@code searchLanguage}: the history search's language, or null.
   */
  record State(Map<String, Integer> unread, Set<String> subscriptionRequests, SetPresence ownPresence,
               Map<String, String> nodes, Map<String, Set<String>> people, Set<String> dismissedSuggestions,
               String searchLanguage) {}

  private final Pool pool;

  UserStateStore(Pool pool) {
    this.pool = pool;
  }

  /** The text of {@link #staleOwner}: a sender that sees it knows nothing was applied. */
  static final String STALE_OWNER_TEXT = parley.contract.Shards.MOVING_TEXT;

  /** Failure of a write whose fence no longer holds (or of a user whose shard is not served here): nothing applied. */
  static ParleyException staleOwner() {
    return FailureCode.STORAGE_UNAVAILABLE.exception(STALE_OWNER_TEXT);
  }

  Future<State> load(String userId) {
    UUID user = UUID.fromString(userId);
    Map<String, Integer> unread = new LinkedHashMap<>();
    Set<String> requests = new LinkedHashSet<>();
    Map<String, String> nodes = new HashMap<>();
    SetPresence[] presence = new SetPresence[1];
    Map<String, Set<String>> people = new LinkedHashMap<>();
    Set<String> dismissed = new LinkedHashSet<>();
    return pool.preparedQuery("select account_id, peer, count from session.unread where user_id = $1 order by account_id, peer")
        .execute(Tuple.of(user))
        .compose(rows -> {
          rows.forEach(r -> unread.put(UserSession.chatKey(r.getUUID(0).toString(), r.getString(1)), r.getInteger(2)));
          return pool.preparedQuery("select account_id, jid from session.subscription_requests where user_id = $1"
              + " order by account_id, jid").execute(Tuple.of(user));
        })
        .compose(rows -> {
          rows.forEach(r -> requests.add(UserSession.chatKey(r.getUUID(0).toString(), r.getString(1))));
          return pool.preparedQuery("select show, status from session.own_presence where user_id = $1").execute(Tuple.of(user));
        })
        .compose(rows -> {
          rows.forEach(r -> presence[0] = new SetPresence(r.getString(0), r.getString(1) == null ? "" : r.getString(1)));
          return pool.preparedQuery("select id, node_id from session.im_accounts where user_id = $1 and node_id is not null")
              .execute(Tuple.of(user));
        })
        .compose(rows -> {
          rows.forEach(r -> nodes.put(r.getUUID(0).toString(), r.getString(1)));
          return pool.preparedQuery("select person_id, account_id, jid from session.person_contacts where user_id = $1"
              + " order by person_id, position, account_id, jid").execute(Tuple.of(user));
        })
        .compose(rows -> {
          rows.forEach(r -> people.computeIfAbsent(r.getUUID(0).toString(), k -> new LinkedHashSet<>())
              .add(UserSession.chatKey(r.getUUID(1).toString(), r.getString(2))));
          return pool.preparedQuery("select suggestion from session.dismissed_suggestions where user_id = $1"
              + " order by dismissed_at, suggestion").execute(Tuple.of(user));
        })
        .compose(rows -> {
          rows.forEach(r -> dismissed.add(r.getString(0)));
          return pool.preparedQuery("select search_language from session.users where id = $1").execute(Tuple.of(user));
        })
        .map(rows -> {
          String language = rows.size() == 0 ? null : rows.iterator().next().getString(0);
          return new State(unread, requests, presence[0], nodes, people, dismissed, language);
        });
  }

  /** The chat was read: its unread count goes. */
  Future<Void> markRead(ShardLeases.Fence fence, String userId, String accountId, String peer) {
    return fenced(fence, "delete from session.unread where user_id = $4 and account_id = $5 and peer = $6",
        Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer));
  }

  Future<Void> addRequest(ShardLeases.Fence fence, String userId, String accountId, String jid) {
    return fenced(fence, "insert into session.subscription_requests (user_id, account_id, jid)"
            + " select $4::uuid, $5::uuid, $6::text where (select ok from fence) on conflict do nothing",
        Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), jid));
  }

  Future<Void> removeRequest(ShardLeases.Fence fence, String userId, String accountId, String jid) {
    return fenced(fence, "delete from session.subscription_requests where user_id = $4 and account_id = $5 and jid = $6",
        Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), jid));
  }

  Future<Void> setPresence(ShardLeases.Fence fence, String userId, SetPresence presence) {
    return fenced(fence, "insert into session.own_presence (user_id, show, status) select $4::uuid, $5::text, $6::text"
            + " where (select ok from fence) on conflict (user_id) do update set show = excluded.show, status = excluded.status",
        Tuple.of(UUID.fromString(userId), presence.show(), presence.status()));
  }

  /** The language the user's history search understands (new messages' words get its stems too); null for none. */
  Future<Void> setSearchLanguage(ShardLeases.Fence fence, String userId, String language) {
    return fenced(fence, "update session.users set search_language = $5 where id = $4", Tuple.of(UUID.fromString(userId), language));
  }

  /** The node holding the account's connection now; null when none does. */
  Future<Void> setNode(ShardLeases.Fence fence, String accountId, String nodeId) {
    return fenced(fence, "update session.im_accounts set node_id = $5 where id = $4",
        Tuple.of(UUID.fromString(accountId), nodeId));
  }

  /**
   * Runs {@code write} (parameters from {@code $4}; deletes and updates get the fence added to
   * their condition, inserts test {@code (select ok from fence)} themselves) only while the fence
   * holds, in one statement; fails with {@link #staleOwner} when it does not.
   */
  Future<Void> fenced(ShardLeases.Fence fence, String write, Tuple params) {
    String guarded = write.startsWith("insert") ? write : write + " and (select ok from fence)";
    Tuple all = fence.addTo(Tuple.tuple());
    for (int i = 0; i < params.size(); i++) {
      all.addValue(params.getValue(i));
    }
    return pool.preparedQuery("with fence as (select " + ShardLeases.Fence.condition(1) + " as ok), w as (" + guarded
            + ") select ok from fence")
        .execute(all)
        .compose(UserStateStore::checked);
  }

  static Future<Void> checked(RowSet<Row> rows) {
    return rows.iterator().next().getBoolean(0) ? Future.succeededFuture() : Future.failedFuture(staleOwner());
  }
}
