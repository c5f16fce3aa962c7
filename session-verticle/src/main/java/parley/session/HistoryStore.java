package parley.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import parley.contract.MessageStatus;
import parley.contract.browser.StoredMessage;
import parley.contract.node.Failure;

/** Every chat message in and out, per user, account and peer. */
final class HistoryStore {
  static final String IN = "in";
  static final String OUT = "out";

  /** A message's time as the browser gets it: epoch milliseconds. */
  private static final String TS = "(extract(epoch from date_trunc('milliseconds', sent_at)) * 1000)::bigint";

  /**
   * A received message, its usage record and its chat's unread count, only while the shard's fence
   * ($7..$9) holds. The usage record gets the row's id ({@code msg:<id>}, as
   * {@link parley.contract.UsageKind#messageId} makes it) and the time it was stored ({@code ts}
   * in epoch milliseconds). The message's own time is when it was sent ($6, epoch ms from the IM
   * server's delay stamp, never later than now) or else now. A message the account has already is
   * not stored again: by the IM server's stanza id ($11) or by the node's event id ($10, an event
   * sent again because its answer was lost). {@code out} ($12) is one the account sent from another
   * client (found in the server's archive): stored as sent, not billed, not unread. The account's
   * archive position becomes $13 when given, in the same transaction and under the same fence.
   * Answers one row: whether the fence held, and the new message's id and time (null when it was
   * there already).
   */
  private static final String APPEND_RECEIVED_ONE = """
      with fence as (select %s as ok),
      message as (
        insert into session.messages (user_id, account_id, peer, direction, body, sent_at, event_id, stanza_id, marker_id, remote_id)
        select $1::uuid, $2::uuid, $3::text, $12::text, $4::text,
            least(timestamptz 'epoch' + $6::bigint * interval '1 millisecond', now()), $10::text, $11::text,
            $14::text, $15::text
        from fence where fence.ok
        on conflict do nothing
        returning id, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id, $5::jsonb || jsonb_build_object('id', 'msg:' || id,
            'ts', (extract(epoch from date_trunc('milliseconds', now())) * 1000)::bigint) from message
        where $12 = 'in'
        on conflict (id) do nothing
      ), archive as (
        update session.im_accounts set archive_id = $13::text
        where id = $2 and $13::text is not null and (select ok from fence)
      ), unread as (
        insert into session.unread (user_id, account_id, peer, count)
        select $1::uuid, $2::uuid, $3::text, 1 from message where $12 = 'in'
        on conflict (user_id, account_id, peer) do update set count = session.unread.count + 1
      )
      select fence.ok, message.id, message.ts from fence left join message on true""".formatted(
      ShardLeases.Fence.condition(7), TS);

  /** {@link #APPEND_RECEIVED_ONE} for a batch of users, one row each, in one statement. */
  private static final String APPEND_RECEIVED_MANY = """
      with fenced as (
        select i.*, %s as ok
        from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[], $8::text[],
            $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
          with ordinality as i(user_id, account_id, peer, body, usage, sent_ts, shard, owner, epoch, event_id, stanza_id,
            direction, archive_id, marker_id, remote_id, n)
      ), message as (
        insert into session.messages (user_id, account_id, peer, direction, body, sent_at, event_id, stanza_id, marker_id, remote_id)
        select user_id, account_id, peer, direction, body,
            least(timestamptz 'epoch' + sent_ts * interval '1 millisecond', now()), event_id, stanza_id, marker_id, remote_id
        from fenced where ok
        order by n
        on conflict do nothing
        returning id, user_id, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || m.id, f.usage::jsonb || jsonb_build_object('id', 'msg:' || m.id,
            'ts', (extract(epoch from date_trunc('milliseconds', now())) * 1000)::bigint)
        from message m join fenced f using (user_id)
        where f.direction = 'in'
        on conflict (id) do nothing
      ), archive as (
        update session.im_accounts a set archive_id = f.archive_id
        from fenced f
        where a.id = f.account_id and f.archive_id is not null and f.ok
      ), unread as (
        insert into session.unread (user_id, account_id, peer, count)
        select f.user_id, f.account_id, f.peer, 1 from message m join fenced f using (user_id)
        where f.direction = 'in'
        on conflict (user_id, account_id, peer) do update set count = session.unread.count + 1
      )
      select f.n, f.ok, m.id, m.ts from fenced f left join message m using (user_id)""".formatted(
      ShardLeases.Fence.rowCondition("i"), TS);

  private static final GroupCommit.Statement APPEND_RECEIVED = GroupCommit.Statement.multiRow(
      APPEND_RECEIVED_ONE, APPEND_RECEIVED_MANY, UUID.class, UUID.class, String.class, String.class, String.class,
      Long.class, Integer.class, String.class, Long.class, String.class, String.class, String.class, String.class,
      String.class, String.class);

  /**
   * An outgoing message before it goes to the IM server, only while the shard's fence ($5..$7)
   * holds; billed only once it is sent ({@link #MARK_SENT}).
   */
  private static final String STORE_PENDING = """
      with fence as (select %s as ok),
      message as (
        insert into session.messages (user_id, account_id, peer, direction, body, status)
        select $1::uuid, $2::uuid, $3::text, 'out', $4::text, 'pending' from fence where fence.ok
        returning id, %s as ts
      )
      select fence.ok, message.id, message.ts from fence left join message on true""".formatted(
      ShardLeases.Fence.condition(5), TS);

  /**
   * As {@link #STORE_PENDING}, with the page's client message id ($8): stored only when this user
   * has no message with that id (the unique index decides a race), so a resend stores nothing.
   */
  private static final String STORE_PENDING_ONCE_ONE = """
      with fence as (select %s as ok),
      message as (
        insert into session.messages (user_id, account_id, peer, direction, body, status, client_id)
        select $1::uuid, $2::uuid, $3::text, 'out', $4::text, 'pending', $8::text from fence where fence.ok
        on conflict (user_id, client_id) where client_id is not null do nothing
        returning id, %s as ts
      )
      select fence.ok, message.id, message.ts from fence left join message on true""".formatted(
      ShardLeases.Fence.condition(5), TS);

  /** {@link #STORE_PENDING_ONCE_ONE} for a batch of users, one row each, in one statement. */
  private static final String STORE_PENDING_ONCE_MANY = """
      with fenced as (
        select i.*, %s as ok
        from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::text[])
          with ordinality as i(user_id, account_id, peer, body, shard, owner, epoch, client_id, n)
      ), message as (
        insert into session.messages (user_id, account_id, peer, direction, body, status, client_id)
        select user_id, account_id, peer, 'out', body, 'pending', client_id from fenced where ok
        order by n
        on conflict (user_id, client_id) where client_id is not null do nothing
        returning id, user_id, %s as ts
      )
      select f.n, f.ok, m.id, m.ts from fenced f left join message m using (user_id)""".formatted(
      ShardLeases.Fence.rowCondition("i"), TS);

  private static final GroupCommit.Statement STORE_PENDING_ONCE = GroupCommit.Statement.multiRow(
      STORE_PENDING_ONCE_ONE, STORE_PENDING_ONCE_MANY, UUID.class, UUID.class, String.class, String.class, Integer.class,
      String.class, Long.class, String.class);

  /** This user's outgoing message with the page's client message id, as it stands now. */
  private static final String BY_CLIENT_ID = """
      select id, account_id::text as account_id, peer, body, status, error, %s as ts from session.messages
      where user_id = $1 and client_id = $2 and direction = 'out'""".formatted(TS);

  /**
   * The IM server took the message: it becomes sent (unless a bounce came first; an unsure one is
   * sure now) and its usage record is written with it, id {@code msg:<id>}, so writing this twice bills it once.
   */
  private static final String MARK_SENT_ONE = """
      with message as (
        update session.messages set status = case when status in ('pending', 'unsure') then 'sent' else status end,
            error = case when status = 'unsure' then null else error end
        where id = $1 and user_id = $2 and direction = 'out'
        returning id, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id, $3::jsonb || jsonb_build_object('id', 'msg:' || id, 'ts', ts) from message
        on conflict (id) do nothing
      )
      select id from message""".formatted(TS);

  /** {@link #MARK_SENT_ONE} for a batch of users, one message each, in one statement. */
  private static final String MARK_SENT_MANY = """
      with message as (
        update session.messages m set status = case when m.status in ('pending', 'unsure') then 'sent' else m.status end,
            error = case when m.status = 'unsure' then null else m.error end
        from unnest($1::bigint[], $2::uuid[], $3::text[]) with ordinality as i(id, user_id, usage, n)
        where m.id = i.id and m.user_id = i.user_id and m.direction = 'out'
        returning m.id, i.usage, i.n, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id, usage::jsonb || jsonb_build_object('id', 'msg:' || id, 'ts', ts) from message
        on conflict (id) do nothing
      )
      select n, id from message""".formatted(TS.replace("sent_at", "m.sent_at"));

  private static final GroupCommit.Statement MARK_SENT = GroupCommit.Statement.multiRow(
      MARK_SENT_ONE, MARK_SENT_MANY, Long.class, UUID.class, String.class);

  /**
   * Outgoing messages of this user left pending by a send that is under way nowhere (the process
   * sending them stopped; found by V21's list of pending sends): message $2, or every one when $2 is
   * null, become unsure with the error $3.
   * Only while the shard's fence ($4..$6) holds: a stale owner must not settle a message the new
   * owner is sending. Answers one row: whether the fence held, then each settled message (none: nulls).
   */
  private static final String MARK_UNSURE = """
      with fence as (select %s as ok),
      settled as (
        update session.messages m set status = 'unsure', error = $3
        from session.pending_sends p
        where p.user_id = $1 and ($2::bigint is null or p.message_id = $2) and m.id = p.message_id
          and m.user_id = $1 and m.direction = 'out' and m.status = 'pending' and (select ok from fence)
        returning m.id, m.account_id::text as account_id, m.peer, m.body, m.error, %s as ts
      )
      select fence.ok, settled.* from fence left join settled on true""".formatted(
      ShardLeases.Fence.condition(4), TS.replace("sent_at", "m.sent_at"));

  /** The message failed (refused or bounced), if it is this user's and account's own outgoing message. */
  private static final String MARK_FAILED = """
      update session.messages set status = 'failed', error = $4
      where id = $1 and user_id = $2 and account_id = $3 and direction = 'out'
      returning id, peer, body, %s as ts""".formatted(TS);

  /**
   * A message the person sent from another of their clients (a carbon): stored as sent, at the
   * time it was sent (never later than now), and not billed (Parley did not send it). Its
   * remote_id (the other client's id, or empty) says that Parley did not send it. Only while the
   * shard's fence ($8..$10) holds; stored once by stanza id ($7) or by the node's event id ($11).
   */
  private static final String STORE_OWN = """
      with fence as (select %s as ok),
      message as (
        insert into session.messages (user_id, account_id, peer, direction, body, status, sent_at, remote_id, stanza_id, event_id)
        select $1::uuid, $2::uuid, $3::text, 'out', $4::text, 'sent',
            least(timestamptz 'epoch' + $5::bigint * interval '1 millisecond', now()), coalesce($6::text, ''), $7::text, $11::text
        from fence where fence.ok
        on conflict do nothing
        returning id, %s as ts
      )
      select fence.ok, message.id, message.ts from fence left join message on true""".formatted(
      ShardLeases.Fence.condition(8), TS);

  /**
   * The peer's client got the message ($5 = 'delivered': that one) or saw it ($5 = 'read': that
   * one and the earlier ones of the chat, at most 50, as XEP-0333 says). Only the message's own
   * peer may say so, and a status only moves forward: saying it again changes nothing. An unsure
   * message (its send was cut off) did go out, then: its "may not have" words go.
   */
  private static final String MARK_ACKED = """
      update session.messages set status = $5, error = null
      where id in (
        select id from session.messages
        where user_id = $2 and account_id = $3 and peer = $4 and direction = 'out'
          and (id = $1 or ($5 = 'read' and id < $1))
          and (status in ('pending', 'sent', 'unsure') or ($5 = 'read' and status = 'delivered'))
        order by id desc limit 50)
      returning id, body, status, error, %s as ts""".formatted(TS);

  /** The id the newest markable received message of a chat names, for a displayed marker. */
  private static final String LAST_MARKER = """
      select marker_id from session.messages
      where user_id = $1 and account_id = $2 and peer = $3 and direction = 'in'
      order by id desc limit 1""";

  /**
   * The peer corrected ($5 = text) or took back ($5 = null) its message $4: the newest received
   * message of that chat with that sender's id, unless it was taken back already. With $6 = 'out',
   * the person did so on another client, for a message that client sent (its id in remote_id).
   */
  private static final String EDIT_BY_REMOTE_ID = """
      update session.messages set body = coalesce($5::text, ''), edited = $5::text is not null, retracted = $5::text is null
      where id = (
        select id from session.messages
        where user_id = $1 and account_id = $2 and peer = $3 and direction = $6 and remote_id = $4 and not retracted
        order by id desc limit 1)
      returning id, body, status, error, edited, retracted, %s as ts""".formatted(TS);

  /**
   * One of the user's outgoing messages, as a correction or retraction needs it: its chat, status,
   * whether Parley sent it (another client's has a remote_id) and whether it is the chat's last.
   */
  private static final String OWN_SENT = """
      select m.peer, m.body, m.status, m.error, m.retracted, m.remote_id, %s as ts,
        m.id = (select max(l.id) from session.messages l
                where l.user_id = m.user_id and l.account_id = m.account_id and l.peer = m.peer and l.direction = 'out') as last
      from session.messages m
      where m.id = $1 and m.user_id = $2 and m.account_id = $3 and m.direction = 'out'""".formatted(TS.replace("sent_at", "m.sent_at"));

  /**
   * The user corrected their message: the new text, and a usage record of it (a correction is a
   * message sent), whose id names the message and the text, so writing it twice bills it once.
   */
  private static final String CORRECT_SENT = """
      with message as (
        update session.messages set body = $4, edited = true
        where id = $1 and user_id = $2 and account_id = $3 and direction = 'out' and not retracted
        returning id, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id || ':edit:' || $6, $5::jsonb || jsonb_build_object('id', 'msg:' || id || ':edit:' || $6,
            'ts', (extract(epoch from date_trunc('milliseconds', now())) * 1000)::bigint) from message
        on conflict (id) do nothing
      )
      select id from message""".formatted(TS);

  /** The user took their message back: its text is gone. */
  private static final String RETRACT_SENT = """
      update session.messages set body = '', retracted = true
      where id = $1 and user_id = $2 and account_id = $3 and direction = 'out'
      returning id""";

  /**
   * A message in a group chat, from {@code nick} ($12), while the fence ($7..$9) holds: as
   * {@link #APPEND_RECEIVED} (its usage record and the room's unread count with it), stored once per
   * room by the room's stanza id ($10) when it has one. Answers whether the fence held and the new
   * message's id and time (null when the room had sent it before).
   */
  private static final String APPEND_ROOM = """
      with fence as (select %s as ok),
      message as (
        insert into session.messages (user_id, account_id, peer, direction, body, sent_at, room_stanza_id, nick, remote_id)
        select $1::uuid, $2::uuid, $3::text, 'in', $4::text,
            least(timestamptz 'epoch' + $6::bigint * interval '1 millisecond', now()), $10::text, $11::text, $12::text
        from fence where fence.ok
        on conflict do nothing
        returning id, %s as ts
      ), usage as (
        insert into session.usage_outbox (id, record)
        select 'msg:' || id, $5::jsonb || jsonb_build_object('id', 'msg:' || id,
            'ts', (extract(epoch from date_trunc('milliseconds', now())) * 1000)::bigint) from message
        on conflict (id) do nothing
      ), unread as (
        insert into session.unread (user_id, account_id, peer, count)
        select $1::uuid, $2::uuid, $3::text, 1 from message
        on conflict (user_id, account_id, peer) do update set count = session.unread.count + 1
      )
      select fence.ok, message.id, message.ts from fence left join message on true""".formatted(
      ShardLeases.Fence.condition(7), TS);

  /**
   * The room reflected the person's message: it keeps the room's stanza id ($3), so the room's
   * history does not bring it again. Answers the message while it is pending or unsure (then
   * {@link #markSent} makes it sent and bills it), nothing when it was sent already (the history on a later join).
   */
  private static final String ROOM_SENT = """
      update session.messages set
          room_stanza_id = case when $3::text is null or exists (select 1 from session.messages o
              where o.account_id = $4 and o.peer = $5 and o.room_stanza_id = $3) then room_stanza_id else $3 end
      where id = $1 and user_id = $2 and account_id = $4 and peer = $5 and direction = 'out'
        and status in ('pending', 'unsure')
      returning id, body, %s as ts""".formatted(TS);

  private final Pool pool;
  /** The writes of every stored message: committed together when they come together. */
  private final GroupCommit writes;
  /** Told after each commit, so the relay sends the new usage record soon. */
  private final Runnable afterCommit;

  HistoryStore(Pool pool, GroupCommit writes, Runnable afterCommit) {
    this.pool = pool;
    this.writes = writes;
    this.afterCommit = afterCommit;
  }

  /**
   * Stores a received message, its usage record and its unread count in one statement, so they
   * commit together (billing hears of every stored message, exactly once) in one round trip, and
   * answers the message in its browser form, or null when {@code eventId} was stored already.
   * {@code sentTs}: when the IM server says it was sent, or null. Fails with
   * {@link UserStateStore#staleOwner} when {@code fence} no longer holds.
   */
  Future<StoredMessage> appendReceived(ShardLeases.Fence fence, String userId, ImAccount account, String peer, String text,
                                       Long sentTs, String eventId) {
    return appendReceived(fence, userId, account, peer, text, sentTs, eventId, null, null, IN, null, null);
  }

  /**
   * As above, with the IM server's stanza id (or null): answers null when the account has that
   * message already. {@code archiveId} (or null) becomes the account's archive position;
   * {@code direction} {@link #OUT} for what the account sent from another client. {@code markerId}:
   * the id a displayed marker names for this message, or null; {@code remoteId}: the id its sender
   * gave it (corrections and retractions name it), or null.
   */
  Future<StoredMessage> appendReceived(ShardLeases.Fence fence, String userId, ImAccount account, String peer, String text,
                                       Long sentTs, String eventId, String stanzaId, String archiveId, String direction,
                                       String markerId, String remoteId) {
    String accountId = account.id();
    JsonObject usage = UsageRecords.messageWithoutIdAndTs(userId, accountId, account.network(), IN, text);
    Tuple params = Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, text, usage, sentTs);
    return writes.execute(userId, APPEND_RECEIVED, fence.addTo(params).addString(eventId).addString(stanzaId)
            .addString(direction).addString(archiveId).addString(markerId).addString(remoteId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("ok")) {
            return Future.failedFuture(UserStateStore.staleOwner());
          }
          Long id = row.getLong("id");
          afterCommit.run();
          if (id == null) {
            return Future.succeededFuture((StoredMessage) null);
          }
          return Future.succeededFuture(
              message(id, accountId, peer, direction, text, row.getLong("ts"), MessageStatus.SENT, null).withStanzaId(stanzaId));
        });
  }

  /**
   * Stores a group chat's message from {@code nick} (see {@link #APPEND_ROOM}); answers it in its
   * browser form (with {@code nick}), or null when the room had sent it before ({@code roomStanzaId}).
   */
  Future<StoredMessage> appendRoom(ShardLeases.Fence fence, String userId, ImAccount account, String room, String nick,
                                String text, Long sentTs, String roomStanzaId, String remoteId) {
    String accountId = account.id();
    JsonObject usage = UsageRecords.messageWithoutIdAndTs(userId, accountId, account.network(), IN, text);
    Tuple params = Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), room, text, usage, sentTs);
    return writes.execute(userId, APPEND_ROOM, fence.addTo(params).addString(roomStanzaId).addString(nick).addString(remoteId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("ok")) {
            return Future.failedFuture(UserStateStore.staleOwner());
          }
          Long id = row.getLong("id");
          afterCommit.run();
          if (id == null) {
            return Future.succeededFuture((StoredMessage) null);
          }
          // The room's id, as the history shows it: the page pages the room's archive from it and drops what it shows.
          return Future.succeededFuture(message(id, accountId, room, IN, text, row.getLong("ts"), MessageStatus.SENT, null)
              .withNick(nick).withStanzaId(roomStanzaId));
        });
  }

  /** The room reflected the person's message {@code id} (see {@link #ROOM_SENT}): it, now sent, or null when it was already. */
  Future<StoredMessage> roomSent(String userId, ImAccount account, String room, long id, String roomStanzaId) {
    return pool.preparedQuery(ROOM_SENT)
        .execute(Tuple.of(id, UUID.fromString(userId), roomStanzaId, UUID.fromString(account.id()), room))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture((StoredMessage) null);
          }
          Row row = rows.iterator().next();
          return markSent(userId, account, id, row.getString("body")).map(v -> message(id, account.id(), room, OUT,
              row.getString("body"), row.getLong("ts"), MessageStatus.SENT, null).withStanzaId(roomStanzaId));
        });
  }

  /** The account's position in its IM server's archive: the next connect fetches what came after it. */
  Future<Void> setArchiveId(String userId, String accountId, String archiveId) {
    return pool.preparedQuery("update session.im_accounts set archive_id = $3 where id = $1 and user_id = $2")
        .execute(Tuple.of(UUID.fromString(accountId), UUID.fromString(userId), archiveId))
        .mapEmpty();
  }

  /** Stores an outgoing message as pending, before it goes to the IM server, while {@code fence} holds. */
  Future<StoredMessage> storePending(ShardLeases.Fence fence, String userId, String accountId, String peer, String text) {
    return writes.execute(userId, STORE_PENDING, fence.addTo(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, text)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("ok")) {
            return Future.failedFuture(UserStateStore.staleOwner());
          }
          return Future.succeededFuture(
              message(row.getLong("id"), accountId, peer, OUT, text, row.getLong("ts"), MessageStatus.PENDING, null));
        });
  }

  /**
   * As {@link #storePending}, once per client message id: answers the new pending message, or null
   * when this user has a message with {@code clientId} already (then nothing was stored).
   */
  Future<StoredMessage> storePendingOnce(ShardLeases.Fence fence, String userId, String accountId, String peer, String text,
                                         String clientId) {
    return writes.execute(userId, STORE_PENDING_ONCE,
            fence.addTo(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, text)).addString(clientId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("ok")) {
            return Future.failedFuture(UserStateStore.staleOwner());
          }
          if (row.getLong("id") == null) {
            return Future.<StoredMessage>succeededFuture();
          }
          return Future.succeededFuture(
              message(row.getLong("id"), accountId, peer, OUT, text, row.getLong("ts"), MessageStatus.PENDING, null));
        });
  }

  /** This user's outgoing message sent with {@code clientId}, in its browser form, or null when there is none. */
  Future<StoredMessage> byClientId(String userId, String clientId) {
    return pool.preparedQuery(BY_CLIENT_ID).execute(Tuple.of(UUID.fromString(userId), clientId)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return message(row.getLong("id"), row.getString("account_id"), row.getString("peer"), OUT, row.getString("body"),
          row.getLong("ts"), row.getString("status"), error(row));
    });
  }

  /**
   * Stores what the person sent from another client, as sent, while {@code fence} holds; answers it
   * in its browser form, or null when the account has the message with that {@code stanzaId}
   * (XEP-0359; null: none) already, for example from the server's archive, or the user has the
   * node's event {@code eventId} (null: none) already (sent again because its answer was lost).
   */
  Future<StoredMessage> storeOwn(ShardLeases.Fence fence, String userId, String accountId, String peer, String text,
                                 Long sentTs, String remoteId, String stanzaId, String eventId) {
    Tuple params = Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, text, sentTs, remoteId).addString(stanzaId);
    return pool.preparedQuery(STORE_OWN)
        .execute(fence.addTo(params).addString(eventId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("ok")) {
            return Future.failedFuture(UserStateStore.staleOwner());
          }
          if (row.getLong("id") == null) {
            return Future.<StoredMessage>succeededFuture();
          }
          return Future.succeededFuture(message(row.getLong("id"), accountId, peer, OUT, text, row.getLong("ts"),
              MessageStatus.SENT, null).fromElsewhere().withStanzaId(stanzaId));
        });
  }

  /**
   * Marks this user's outgoing message to {@code peer} delivered or read (see {@link #MARK_ACKED});
   * answers the messages that changed, in their browser form.
   */
  Future<List<StoredMessage>> markAcked(String userId, String accountId, String peer, long id, String status) {
    return writes.execute(userId, MARK_ACKED, Tuple.of(id, UUID.fromString(userId), UUID.fromString(accountId), peer, status))
        .map(rows -> {
          List<StoredMessage> changed = new ArrayList<>();
          rows.forEach(row -> changed.add(message(row.getLong("id"), accountId, peer, OUT, row.getString("body"),
              row.getLong("ts"), row.getString("status"), error(row))));
          changed.sort((a, b) -> Long.compare(a.id(), b.id()));
          return changed;
        });
  }

  /**
   * Replaces the text of the message {@code remoteId} of the chat with {@code peer} ({@code text}:
   * a correction) or removes it ({@code text} null: a retraction): a received one ({@code direction}
   * in, the peer's), or one the person sent from another client (out). Answers it in its browser
   * form, or null when there is no such message.
   */
  Future<StoredMessage> edit(String userId, String accountId, String direction, String peer, String remoteId, String text) {
    return pool.preparedQuery(EDIT_BY_REMOTE_ID)
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, remoteId, text, direction))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          StoredMessage m = message(row.getLong("id"), accountId, peer, direction, row.getString("body"), row.getLong("ts"),
              row.getString("status"), error(row)).changed(row.getString("body"), row.getBoolean("edited"), row.getBoolean("retracted"));
          return OUT.equals(direction) ? m.fromElsewhere() : m;
        });
  }

  /**
   * One of the user's outgoing messages as a correction or retraction checks it: whether it was
   * {@code retracted} already, sent {@code fromElsewhere} (another client), and the {@code last} of its chat.
   */
  record OwnSent(StoredMessage message, boolean retracted, boolean fromElsewhere, boolean last) {}

  /** The user's outgoing message {@code id}, or null when it is not one. */
  Future<OwnSent> ownSent(String userId, String accountId, long id) {
    return pool.preparedQuery(OWN_SENT)
        .execute(Tuple.of(id, UUID.fromString(userId), UUID.fromString(accountId)))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new OwnSent(message(id, accountId, row.getString("peer"), OUT, row.getString("body"), row.getLong("ts"),
              row.getString("status"), error(row)), row.getBoolean("retracted"), row.getString("remote_id") != null,
              row.getBoolean("last"));
        });
  }

  /** Writes the user's correction of message {@code id} and its usage record, in one statement. */
  Future<Void> correctSent(String userId, ImAccount account, long id, String text) {
    JsonObject usage = UsageRecords.messageWithoutIdAndTs(userId, account.id(), account.network(), OUT, text);
    return pool.preparedQuery(CORRECT_SENT)
        .execute(Tuple.of(id, UUID.fromString(userId), UUID.fromString(account.id()), text, usage, textDigest(text)))
        .<Void>mapEmpty()
        .onSuccess(v -> afterCommit.run());
  }

  /** Removes the text of the user's message {@code id}, which they took back. */
  Future<Void> retractSent(String userId, String accountId, long id) {
    return pool.preparedQuery(RETRACT_SENT)
        .execute(Tuple.of(id, UUID.fromString(userId), UUID.fromString(accountId)))
        .mapEmpty();
  }

  /** 16 hex digits of the text's SHA-256: the same correction twice is billed once, another one again. */
  private static String textDigest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The marker id of the newest received message of a chat, or null when it has none. */
  Future<String> lastMarkerId(String userId, String accountId, String peer) {
    return pool.preparedQuery(LAST_MARKER)
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("marker_id"));
  }

  /** Marks a message sent and writes its usage record; harmless to repeat. */
  Future<Void> markSent(String userId, ImAccount account, long id, String text) {
    JsonObject usage = UsageRecords.messageWithoutIdAndTs(userId, account.id(), account.network(), OUT, text);
    return writes.execute(userId, MARK_SENT, Tuple.of(id, UUID.fromString(userId), usage))
        .<Void>mapEmpty()
        .onSuccess(v -> afterCommit.run());
  }

  /**
   * Marks this user's pending outgoing message {@code id} (null: every one) unsure, with {@code error},
   * while {@code fence} holds (see {@link #MARK_UNSURE}); answers those it changed, in their browser form.
   */
  Future<List<StoredMessage>> markUnsure(ShardLeases.Fence fence, String userId, Long id, Failure error) {
    return pool.preparedQuery(MARK_UNSURE)
        .execute(fence.addTo(Tuple.of(UUID.fromString(userId), id, error.toJson())))
        .compose(rows -> {
          List<StoredMessage> settled = new ArrayList<>();
          for (Row row : rows) {
            if (!row.getBoolean("ok")) {
              return Future.failedFuture(UserStateStore.staleOwner());
            }
            if (row.getLong("id") != null) {
              settled.add(message(row.getLong("id"), row.getString("account_id"), row.getString("peer"), OUT,
                  row.getString("body"), row.getLong("ts"), MessageStatus.UNSURE, error(row)));
            }
          }
          settled.sort((a, b) -> Long.compare(a.id(), b.id()));
          return Future.succeededFuture(settled);
        });
  }

  /** Marks this user's outgoing message failed; answers it in its browser form, or null when it is not theirs. */
  Future<StoredMessage> markFailed(String userId, String accountId, long id, Failure error) {
    return pool.preparedQuery(MARK_FAILED)
        .execute(Tuple.of(id, UUID.fromString(userId), UUID.fromString(accountId), error.toJson()))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return message(id, accountId, row.getString("peer"), OUT, row.getString("body"), row.getLong("ts"),
              MessageStatus.FAILED, error);
        });
  }

  // A room's message shows the ROOM's stanza id: "older messages" asks the room's archive before it.
  private static final String PAGE_COLUMNS = "select id, account_id, peer, direction, body, sent_at, status, error,"
      + " coalesce(room_stanza_id, stanza_id) as stanza_id,"
      + " edited, retracted, remote_id, nick from session.messages";

  /** Up to {@code limit} messages before {@code beforeId} (or the newest), oldest first. */
  Future<List<StoredMessage>> page(String userId, String accountId, String peer, Long beforeId, int limit) {
    return pool.preparedQuery(PAGE_COLUMNS
            + " where user_id = $1 and account_id = $2 and peer = $3 and id < $4 order by id desc limit $5")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer,
            beforeId == null ? Long.MAX_VALUE : beforeId, limit))
        .map(rows -> {
          List<StoredMessage> out = new ArrayList<>();
          rows.forEach(row -> out.add(pageMessage(row)));
          Collections.reverse(out);
          return out;
        });
  }

  /** Up to {@code limit} messages of the chat after {@code afterId}, oldest first. */
  Future<List<StoredMessage>> pageAfter(String userId, String accountId, String peer, long afterId, int limit) {
    return pool.preparedQuery(PAGE_COLUMNS
            + " where user_id = $1 and account_id = $2 and peer = $3 and id > $4 order by id limit $5")
        .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), peer, afterId, limit))
        .map(rows -> {
          List<StoredMessage> out = new ArrayList<>();
          rows.forEach(row -> out.add(pageMessage(row)));
          return out;
        });
  }

  /**
   * A person's timeline: up to {@code limit} messages of any of the chats {@code accountIds[i]} with
   * {@code peers[i]}, before {@code beforeId} (or the newest), oldest first.
   */
  Future<List<StoredMessage>> pageOfChats(String userId, List<UUID> accountIds, List<String> peers, Long beforeId, int limit) {
    return pool.preparedQuery(PAGE_COLUMNS + " where user_id = $1 and (account_id, peer) in"
            + " (select * from unnest($2::uuid[], $3::text[])) and id < $4 order by id desc limit $5")
        .execute(Tuple.of(UUID.fromString(userId), accountIds.toArray(new UUID[0]), peers.toArray(new String[0]),
            beforeId == null ? Long.MAX_VALUE : beforeId, limit))
        .map(rows -> {
          List<StoredMessage> out = new ArrayList<>();
          rows.forEach(row -> out.add(pageMessage(row)));
          Collections.reverse(out);
          return out;
        });
  }

  /** The id of the newest received message of each of those chats that has one, by chat key. */
  Future<java.util.Map<String, Long>> lastReceived(String userId, List<UUID> accountIds, List<String> peers) {
    return pool.preparedQuery("select account_id, peer, max(id) from session.messages where user_id = $1 and direction = 'in'"
            + " and (account_id, peer) in (select * from unnest($2::uuid[], $3::text[])) group by account_id, peer")
        .execute(Tuple.of(UUID.fromString(userId), accountIds.toArray(new UUID[0]), peers.toArray(new String[0])))
        .map(rows -> {
          java.util.Map<String, Long> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(UserSession.chatKey(r.getUUID(0).toString(), r.getString(1)), r.getLong(2)));
          return out;
        });
  }

  /**
   * A search result's context: the message {@code id} and up to {@code limit} around it in its
   * chat (half before, half after), oldest first; {@code newer} says whether the chat has more
   * after the last one.
   */
  Future<JsonObject> around(String userId, String accountId, String peer, long id, int limit) {
    int after = limit / 2;
    return page(userId, accountId, peer, id + 1, limit - after)
        .compose(older -> pageAfter(userId, accountId, peer, id, after + 1).map(newer -> {
          boolean more = newer.size() > after;
          if (more) {
            newer.remove(after);
          }
          List<StoredMessage> messages = new ArrayList<>(older);
          messages.addAll(newer);
          return new JsonObject().put("messages", StoredMessage.jsonArray(messages)).put("newer", more);
        }));
  }

  /**
   * One page of an export: up to {@code limit} of the user's messages after {@code afterId}, in the
   * order they were stored; of the chats {@code accountIds[i]} with {@code peers[i]} (one chat, or a
   * person's) when given, else of every chat.
   */
  Future<List<StoredMessage>> exportPage(String userId, List<UUID> accountIds, List<String> peers, long afterId, int limit) {
    Tuple params = Tuple.of(UUID.fromString(userId), afterId, limit);
    String chats = "";
    if (accountIds != null) {
      params.addArrayOfUUID(accountIds.toArray(new UUID[0])).addArrayOfString(peers.toArray(new String[0]));
      chats = " and (account_id, peer) in (select * from unnest($4::uuid[], $5::text[]))";
    }
    return pool.preparedQuery(PAGE_COLUMNS + " where user_id = $1 and id > $2" + chats + " order by id limit $3")
        .execute(params)
        .map(rows -> {
          List<StoredMessage> out = new ArrayList<>();
          rows.forEach(row -> out.add(pageMessage(row)));
          return out;
        });
  }

  /** A row of {@link #PAGE_COLUMNS} in its browser form. */
  static StoredMessage pageMessage(Row row) {
    StoredMessage m = message(row.getLong("id"), row.getUUID("account_id").toString(), row.getString("peer"),
        row.getString("direction"), row.getString("body"), row.getOffsetDateTime("sent_at").toInstant().toEpochMilli(),
        row.getString("status"), error(row)).changed(row.getString("body"), row.getBoolean("edited"), row.getBoolean("retracted"))
        // The IM server's id, where it gave one: the page asks its archive for what came before.
        .withStanzaId(row.getString("stanza_id"))
        // A group chat's message: who in the room said it.
        .withNick(row.getString("nick"));
    // Sent from another client (a carbon): Parley cannot correct or take it back.
    return OUT.equals(row.getString("direction")) && row.getString("remote_id") != null ? m.fromElsewhere() : m;
  }

  /** The row's {@code error}, kept as the JSON of a {@link Failure}; null when it has none. */
  private static Failure error(Row row) {
    return Failure.fromJson((JsonObject) row.getJson("error"));
  }

  static StoredMessage message(long id, String accountId, String peer, String direction, String text, long ts,
                               String status, Failure error) {
    return StoredMessage.of(id, accountId, peer, direction, text, ts, status, error);
  }
}
