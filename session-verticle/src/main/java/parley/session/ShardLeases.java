package parley.session;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import parley.contract.Shards;

/**
 * The lease rows that say which session process may serve which shard of users. Each operation
 * is one conditional statement judged by the database's clock ({@code now()}), never a process's:
 * a lease is held while {@code expires_at} is in the future, a free or expired shard is taken with
 * the next epoch, and only the owner with the current epoch can renew or release it. Writes that
 * must not land from a stale owner carry a {@link Fence}. Hazelcast locks are not used: they
 * favour availability and cannot fence a paused process.
 */
public final class ShardLeases {
  private static final String MS = "$%d::bigint * interval '1 millisecond'";

  private final Pool pool;

  public ShardLeases(Pool pool) {
    this.pool = pool;
  }

  /** A user's shard ({@link Shards#of}). */
  public static int shardOf(String userId, int shards) {
    return Shards.of(userId, shards);
  }

  /**
   * Makes the lease rows for {@code shards} shards on first use; fails with a sentence when the
   * database's rows were made for another count (users would hash to other shards there).
   */
  public Future<Void> prepare(int shards) {
    return pool.withTransaction(c -> c
        .preparedQuery("insert into session.shard_settings (shards) values ($1) on conflict (id) do nothing")
        .execute(Tuple.of(shards))
        .compose(v -> c.query("select shards from session.shard_settings").execute())
        .compose(rows -> {
          int stored = rows.iterator().next().getInteger(0);
          if (stored != shards) {
            return Future.failedFuture(new IllegalStateException("cluster.shards is " + shards
                + " but the database's shard leases were made for " + stored
                + " shards; every process must use the same count"));
          }
          return c.preparedQuery("insert into session.shard_leases (shard) select generate_series(0, $1 - 1)"
              + " on conflict (shard) do nothing").execute(Tuple.of(shards)).mapEmpty();
        }));
  }

  /** Takes up to {@code max} free or expired shards for {@code owner}, each with its next epoch. */
  public Future<Map<Integer, Long>> acquire(String owner, int max, long leaseMs) {
    // skip locked: shards another process is taking (or writing under a fence) are left to it.
    return pool.preparedQuery("update session.shard_leases l set owner = $1, epoch = l.epoch + 1, expires_at = now() + "
            + MS.formatted(3) + " where l.shard in (select shard from session.shard_leases where expires_at <= now()"
            + " order by shard limit $2 for update skip locked) returning l.shard, l.epoch")
        .execute(Tuple.of(owner, max, leaseMs))
        .map(rows -> {
          Map<Integer, Long> got = new TreeMap<>();
          for (Row row : rows) {
            got.put(row.getInteger(0), row.getLong(1));
          }
          return got;
        });
  }

  /**
   * Extends the leases {@code owner} still holds with the given epochs and marks the owner alive
   * (for the fair share); answers the shards it still held. A lease that expired is not renewed,
   * even if nobody took it: its owner has already stopped serving it.
   */
  public Future<Set<Integer>> renew(String owner, Map<Integer, Long> held, long leaseMs) {
    return renew(owner, null, held, leaseMs);
  }

  /**
   * As {@link #renew(String, Map, long)}, and records the cluster member the owner runs as
   * ({@code null}: not clustered), so the others can end its leases when that member leaves.
   */
  public Future<Set<Integer>> renew(String owner, String member, Map<Integer, Long> held, long leaseMs) {
    return pool.preparedQuery("with beat as (insert into session.shard_owners (owner, expires_at, member) values ($1, now() + "
            + MS.formatted(4) + ", $5) on conflict (owner) do update set expires_at = excluded.expires_at, member = excluded.member)"
            + " update session.shard_leases l set expires_at = now() + " + MS.formatted(4)
            + " from unnest($2::int[], $3::bigint[]) as h(shard, epoch)"
            // clock_timestamp(), not now(): a renewal that started before another owner ended these
            // leases and reaches the rows after it (re-checking them) must not see them as live again.
            + " where l.shard = h.shard and l.epoch = h.epoch and l.owner = $1 and l.expires_at > clock_timestamp()"
            + " returning l.shard")
        .execute(Tuple.of(owner, shardArray(held), epochArray(held), leaseMs, member))
        .map(ShardLeases::shards);
  }

  /**
   * The cluster says these members left: the leases of the owners that ran as them end now
   * (epochs kept: whoever takes a shard next raises it), and those owners are marked removed: they
   * no longer count for the fair share and take nothing until they {@link #rejoin}. Safe even
   * when such an owner is in fact alive (stalled, or cut off from the cluster but not from the
   * database): from this statement on its renewals and fenced writes are refused. Only an owner
   * that is live and not removed itself may do this (its own mark is locked first), so of two
   * processes cut off from each other, each seeing the other leave, the first to act wins and the
   * other cannot end its leases in turn. Answers the shards so freed.
   *
   * <p>The lease rows are locked before the owner rows, as {@link #renew} locks them (its owner
   * row is written after its leases): a renewal under way when its owner is removed then waits
   * for this or this for it, never both for each other.
   */
  public Future<Set<Integer>> endLeasesOf(String by, Collection<String> members) {
    return pool.preparedQuery("with me as (select owner from session.shard_owners where owner = $1 and removed_at is null"
            + " and expires_at > now() for share),"
            + " leaving as (select owner from session.shard_owners where member = any($2::text[])"
            + " and owner <> $1 and removed_at is null and exists (select 1 from me)),"
            + " ended as (update session.shard_leases l set expires_at = now() from leaving"
            + " where l.owner = leaving.owner and l.expires_at > now() returning l.shard),"
            + " gone as (update session.shard_owners set removed_at = now() where owner in (select owner from leaving)"
            + " and removed_at is null)"
            + " select shard from ended")
        .execute(Tuple.tuple().addString(by).addArrayOfString(members.toArray(new String[0])))
        .map(ShardLeases::shards);
  }

  /**
   * An owner the others removed counts again once every live owner that is not removed runs as a
   * member it sees ({@code members}; {@code null}: not clustered): it is back in their cluster, or
   * they are gone. Answers whether it counts now (also when it was never removed).
   */
  public Future<Boolean> rejoin(String owner, Collection<String> members) {
    return pool.preparedQuery("update session.shard_owners set removed_at = null where owner = $1 and ($2::text[] is null"
            + " or not exists (select 1 from session.shard_owners o where o.owner <> $1 and o.removed_at is null"
            + " and o.expires_at > now() and o.member is not null and not (o.member = any($2::text[]))))"
            + " returning owner")
        .execute(Tuple.tuple().addString(owner).addArrayOfString(members == null ? null : members.toArray(new String[0])))
        .map(rows -> rows.size() > 0);
  }

  /** Ends the given leases now, keeping their epochs, so another process can take them at once. */
  public Future<Set<Integer>> release(String owner, Map<Integer, Long> held) {
    return pool.preparedQuery("update session.shard_leases l set expires_at = now()"
            + " from unnest($2::int[], $3::bigint[]) as h(shard, epoch)"
            + " where l.shard = h.shard and l.epoch = h.epoch and l.owner = $1 and l.expires_at > now() returning l.shard")
        .execute(Tuple.of(owner, shardArray(held), epochArray(held)))
        .map(ShardLeases::shards);
  }

  /**
   * The owner leaves: it no longer counts for the fair share (on a clean stop, after release).
   * Marks of killed owners, expired for a day, go too.
   */
  public Future<Void> leave(String owner) {
    return pool.preparedQuery("delete from session.shard_owners where owner = $1 or expires_at < now() - interval '1 day'")
        .execute(Tuple.of(owner)).mapEmpty();
  }

  /**
   * For each other owner with a lease or a live mark now: the milliseconds (by the database's
   * clock) until its last one ends, when its shards are free if it does not renew.
   */
  public Future<List<Long>> otherOwnersEnd(String owner) {
    return pool.preparedQuery("select ceil(extract(epoch from max(ends) - now()) * 1000)::bigint from ("
            + " select owner, expires_at as ends from session.shard_leases where owner <> $1 and expires_at > now()"
            + " union all select owner, expires_at from session.shard_owners where owner <> $1 and expires_at > now()"
            + ") o group by owner")
        .execute(Tuple.of(owner))
        .map(rows -> {
          List<Long> ends = new ArrayList<>();
          rows.forEach(row -> ends.add(row.getLong(0)));
          return ends;
        });
  }

  /** The owners that are running now (and not removed), in a fixed order every process sees alike. */
  public Future<List<String>> liveOwners() {
    return liveOwners(null);
  }

  /**
   * The owners that are running now and, when {@code members} is given (a clustered process: the
   * cluster's members as it sees them), run as one of those members or as none (not clustered).
   * A process cut off from the cluster thus counts only itself and takes nothing a live owner
   * holds, and the others do not hand shards over to it.
   */
  public Future<List<String>> liveOwners(Collection<String> members) {
    return pool.preparedQuery("select owner from session.shard_owners where expires_at > now() and removed_at is null"
            + " and ($1::text[] is null or member is null or member = any($1::text[])) order by owner")
        .execute(Tuple.tuple().addArrayOfString(members == null ? null : members.toArray(new String[0])))
        .map(rows -> {
          List<String> owners = new ArrayList<>();
          rows.forEach(row -> owners.add(row.getString(0)));
          return owners;
        });
  }

  /**
   * The right to write for one shard: a write runs only if this lease is still current, tested in
   * the same statement ({@link #condition}) or transaction. The check locks the lease row (key
   * share) so a takeover waits for the write, and a write that waited for a takeover finds the new
   * epoch and does nothing.
   */
  public record Fence(int shard, String owner, long epoch) {
    /** The SQL condition, with this fence's three values as parameters {@code $first..$first+2}. */
    public static String condition(int first) {
      return condition("$" + first, "$" + (first + 1), "$" + (first + 2));
    }

    /** The same condition on a row's own columns {@code shard}, {@code owner} and {@code epoch} of {@code table}: a multi-row write's. */
    public static String rowCondition(String table) {
      return condition(table + ".shard", table + ".owner", table + ".epoch");
    }

    private static String condition(String shard, String owner, String epoch) {
      return "exists (select 1 from session.shard_leases f where f.shard = " + shard + " and f.owner = " + owner
          + " and f.epoch = " + epoch + " and f.expires_at > now() for key share)";
    }

    /** Adds this fence's values to a write's parameters, in {@link #condition}'s order. */
    public Tuple addTo(Tuple params) {
      return params.addInteger(shard).addString(owner).addLong(epoch);
    }
  }

  private static Integer[] shardArray(Map<Integer, Long> held) {
    return held.keySet().toArray(new Integer[0]);
  }

  private static Long[] epochArray(Map<Integer, Long> held) {
    return held.values().toArray(new Long[0]);
  }

  private static Set<Integer> shards(io.vertx.sqlclient.RowSet<Row> rows) {
    Set<Integer> shards = new TreeSet<>();
    rows.forEach(row -> shards.add(row.getInteger(0)));
    return shards;
  }
}
