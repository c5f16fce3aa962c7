package parley.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The group chats each account is in, with which nickname and password: joined again after each
 * connect. Written under the shard's fence, as the rest of a user's state.
 */
final class RoomStore {
  /** A kept room: the nickname it took, and its password sealed by {@link CredentialCipher} (null: none). */
  record Kept(String nick, byte[] sealedPassword) {}

  private final Pool pool;

  RoomStore(Pool pool) {
    this.pool = pool;
  }

  /** By room address. */
  Future<Map<String, Kept>> list(String accountId) {
    return pool.preparedQuery("select room, nick, password from session.rooms where account_id = $1 order by room")
        .execute(Tuple.of(UUID.fromString(accountId)))
        .map(rows -> {
          Map<String, Kept> rooms = new LinkedHashMap<>();
          rows.forEach(r -> rooms.put(r.getString(0), new Kept(r.getString(1),
              r.getBuffer(2) == null ? null : r.getBuffer(2).getBytes())));
          return rooms;
        });
  }

  /** Keeps the room with this nickname and sealed password (null: none), replacing what was kept. */
  Future<Void> add(ShardLeases.Fence fence, String userId, String accountId, String room, String nick, byte[] sealedPassword) {
    return fenced(fence, "insert into session.rooms (user_id, account_id, room, nick, password)"
        + " select $4::uuid, $5::uuid, $6::text, $7::text, $8::bytea where (select ok from fence)"
        + " on conflict (account_id, room) do update set nick = excluded.nick, password = excluded.password",
        Tuple.of(UUID.fromString(userId), UUID.fromString(accountId), room, nick,
            sealedPassword == null ? null : Buffer.buffer(sealedPassword)));
  }

  Future<Void> remove(ShardLeases.Fence fence, String accountId, String room) {
    return fenced(fence, "delete from session.rooms where account_id = $4 and room = $5 and (select ok from fence)",
        Tuple.of(UUID.fromString(accountId), room));
  }

  private Future<Void> fenced(ShardLeases.Fence fence, String write, Tuple params) {
    Tuple all = fence.addTo(Tuple.tuple());
    for (int i = 0; i < params.size(); i++) {
      all.addValue(params.getValue(i));
    }
    return pool.preparedQuery("with fence as (select " + ShardLeases.Fence.condition(1) + " as ok), w as (" + write
            + ") select ok from fence")
        .execute(all)
        .compose(UserStateStore::checked);
  }
}
