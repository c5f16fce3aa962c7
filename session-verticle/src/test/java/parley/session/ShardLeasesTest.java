package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parley.session.testing.TestDatabase;

/** The lease rules, each on a real PostgreSQL: expiry, epochs, takeover, release and the fence. */
@Timeout(60)
class ShardLeasesTest {
  private Vertx vertx;
  private Database db;
  private ShardLeases leases;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, TestDatabase.freshDatabase()));
    leases = new ShardLeases(db.pool());
  }

  @AfterEach
  void close() throws Exception {
    await(db.close(vertx));
    await(vertx.close());
  }

  @Test
  void anExpiredLeaseIsTakenWithTheNextEpoch() throws Exception {
    await(leases.prepare(1));
    assertEquals(Map.of(0, 1L), await(leases.acquire("a", 1, 300)));
    assertEquals(Map.of(), await(leases.acquire("b", 1, 300)), "a held lease is not taken");
    Thread.sleep(400);
    assertEquals(Map.of(0, 2L), await(leases.acquire("b", 1, 300)));
  }

  @Test
  void renewingKeepsTheLease() throws Exception {
    await(leases.prepare(1));
    await(leases.acquire("a", 1, 400));
    for (int i = 0; i < 3; i++) {
      Thread.sleep(200);
      assertEquals(Set.of(0), await(leases.renew("a", Map.of(0, 1L), 400)));
    }
    assertEquals(Map.of(), await(leases.acquire("b", 1, 400)), "600 ms after taking a 400 ms lease, renewed");
  }

  @Test
  void aStaleOwnersRenewAndWriteAreRefusedWhileTheNewOwnersWriteLands() throws Exception {
    await(leases.prepare(1));
    await(db.pool().query("create table session.fence_probe (writer text)").execute());
    await(leases.acquire("a", 1, 300));
    ShardLeases.Fence stale = new ShardLeases.Fence(0, "a", 1);
    assertEquals(1, write(stale), "the owner's write lands");
    Thread.sleep(400);
    assertEquals(0, write(stale), "an expired lease fences writes even before anyone takes it");
    assertEquals(Map.of(0, 2L), await(leases.acquire("b", 1, 10_000)));

    assertEquals(Set.of(), await(leases.renew("a", Map.of(0, 1L), 10_000)));
    assertEquals(0, write(stale));
    assertEquals(0, write(new ShardLeases.Fence(0, "b", 1)), "the new owner under the old epoch");
    assertEquals(1, write(new ShardLeases.Fence(0, "b", 2)));
    assertEquals(Set.of(), await(leases.release("a", Map.of(0, 1L))), "a stale owner cannot release it either");
    assertEquals(Set.of(0), await(leases.renew("b", Map.of(0, 2L), 10_000)));
    assertEquals(2L, (long) await(db.pool().query("select count(*) from session.fence_probe").execute())
        .iterator().next().getLong(0));
  }

  @Test
  void aWriteRacingATakeoverWaitsForItAndThenDoesNotLand() throws Exception {
    await(leases.prepare(1));
    await(db.pool().query("create table session.fence_probe (writer text)").execute());
    await(leases.acquire("a", 1, 60_000));
    // A takeover in progress, as acquire does it: the row locked, the epoch raised, not yet committed.
    SqlConnection taker = await(db.pool().getConnection());
    Transaction takeover = await(taker.begin());
    await(taker.query("select 1 from session.shard_leases where shard = 0 for update").execute());
    await(taker.query("update session.shard_leases set owner = 'b', epoch = epoch + 1 where shard = 0").execute());
    Future<Integer> write = writeLater(new ShardLeases.Fence(0, "a", 1));
    Thread.sleep(300);
    assertFalse(write.isComplete(), "the write waits for the takeover");
    await(takeover.commit());
    await(taker.close());
    assertEquals(0, await(write), "and then finds the new epoch");
  }

  @Test
  void aReleasedShardIsTakenAtOnceWithTheNextEpoch() throws Exception {
    await(leases.prepare(2));
    assertEquals(Map.of(0, 1L, 1, 1L), await(leases.acquire("a", 5, 60_000)));
    assertEquals(Set.of(1), await(leases.release("a", Map.of(1, 1L))));
    assertEquals(Map.of(1, 2L), await(leases.acquire("b", 5, 60_000)));
    assertEquals(Set.of(0), await(leases.renew("a", Map.of(0, 1L, 1, 1L), 60_000)), "a renews only what it still holds");
  }

  @Test
  void liveOwnersAreThoseThatRenewedAndHaveNotLeft() throws Exception {
    await(leases.prepare(4));
    await(leases.renew("b", Map.of(), 60_000));
    await(leases.renew("a", Map.of(), 60_000));
    await(leases.renew("c", Map.of(), 200));
    assertEquals(java.util.List.of("a", "b", "c"), await(leases.liveOwners()));
    Thread.sleep(300);
    await(leases.leave("b"));
    assertEquals(java.util.List.of("a"), await(leases.liveOwners()));
  }

  /**
   * The cluster says a member left: the leases of the owner that ran as it end at once, long
   * before they would run out; that owner, if in fact alive, can neither renew nor write, and the
   * shards are taken with the next epoch. Owners of other members keep theirs.
   */
  @Test
  void aRemovedMembersLeasesEndAtOnceAndItsWritesAreRefused() throws Exception {
    await(leases.prepare(3));
    await(db.pool().query("create table session.fence_probe (writer text)").execute());
    assertEquals(Map.of(0, 1L, 1, 1L), await(leases.acquire("a", 2, 60_000)));
    assertEquals(Map.of(2, 1L), await(leases.acquire("c", 1, 60_000)));
    await(leases.renew("a", "member-a", Map.of(0, 1L, 1, 1L), 60_000));
    await(leases.renew("c", "member-c", Map.of(2, 1L), 60_000));
    ShardLeases.Fence stale = new ShardLeases.Fence(0, "a", 1);
    assertEquals(1, write(stale));

    assertEquals(Set.of(0, 1), await(leases.endLeasesOf("c", Set.of("member-a", "member-gone-long-ago"))));
    assertEquals(0, write(stale), "a's write after the cluster removed it");
    assertEquals(Set.of(), await(leases.renew("a", "member-a", Map.of(0, 1L, 1, 1L), 60_000)), "nor can a renew");
    assertEquals(Map.of(0, 2L, 1, 2L), await(leases.acquire("b", 5, 60_000)), "taken at once, with the next epoch");
    await(leases.renew("b", Map.of(0, 2L, 1, 2L), 60_000));
    assertEquals(1, write(new ShardLeases.Fence(0, "b", 2)));
    assertEquals(0, write(stale));
    assertEquals(Set.of(2), await(leases.renew("c", "member-c", Map.of(2, 1L), 60_000)), "c's member is still there");

    // a, alive but cut off, sees c leave in turn: being removed itself, it cannot end c's leases.
    assertEquals(Set.of(), await(leases.endLeasesOf("a", Set.of("member-c"))));
    assertEquals(Set.of(2), await(leases.renew("c", "member-c", Map.of(2, 1L), 60_000)));
    assertEquals(java.util.List.of("b", "c"), await(leases.liveOwners()), "a no longer counts");
    assertFalse(await(leases.rejoin("a", Set.of("member-a"))), "not while c is live and a cannot see it");
    assertEquals(java.util.List.of("b", "c"), await(leases.liveOwners()));
    assertTrue(await(leases.rejoin("a", Set.of("member-a", "member-c"))), "back in c's cluster");
    assertEquals(java.util.List.of("a", "b", "c"), await(leases.liveOwners()));
  }

  /**
   * A renewal under way when the cluster removes its owner: the two statements lock the same lease
   * and owner rows, and each must wait for the other rather than both wait for each other (then
   * PostgreSQL aborts one after a second: were it the removal, the shards would wait for their
   * leases to run out). Here the lease row is held while b's renewal and then the removal reach it.
   */
  @Test
  void aRenewalUnderWayWhenItsOwnerIsRemovedNeitherDeadlocksNorKeepsTheLease() throws Exception {
    await(leases.prepare(1));
    assertEquals(Map.of(0, 1L), await(leases.acquire("b", 1, 60_000)));
    await(leases.renew("b", "member-b", Map.of(0, 1L), 60_000));
    await(leases.renew("a", "member-a", Map.of(), 60_000));
    SqlConnection holder = await(db.pool().getConnection());
    Transaction held = await(holder.begin());
    await(holder.query("select * from session.shard_leases where shard = 0 for update").execute());

    Future<Set<Integer>> renewing = leases.renew("b", "member-b", Map.of(0, 1L), 60_000);
    Thread.sleep(300);
    Future<Set<Integer>> ending = leases.endLeasesOf("a", Set.of("member-b"));
    Thread.sleep(300);
    assertFalse(renewing.isComplete() || ending.isComplete(), "both wait for the lease row");
    await(held.commit());
    await(holder.close());

    assertEquals(Set.of(0), await(renewing), "b renewed before it was removed");
    assertEquals(Set.of(0), await(ending), "then its lease ended");
    assertEquals(Set.of(), await(leases.renew("b", "member-b", Map.of(0, 1L), 60_000)), "b cannot renew it again");
    assertEquals(Map.of(0, 2L), await(leases.acquire("a", 1, 60_000)), "a takes it at once");
  }

  @Test
  void aClusteredOwnerCountsOnlyTheOwnersOfMembersItSees() throws Exception {
    await(leases.prepare(4));
    await(leases.renew("a", "member-a", Map.of(), 60_000));
    await(leases.renew("b", "member-b", Map.of(), 60_000));
    await(leases.renew("u", Map.of(), 60_000));
    assertEquals(java.util.List.of("a", "b", "u"), await(leases.liveOwners()));
    assertEquals(java.util.List.of("a", "b", "u"), await(leases.liveOwners(Set.of("member-a", "member-b"))));
    assertEquals(java.util.List.of("a", "u"), await(leases.liveOwners(Set.of("member-a"))), "b is cut off from a");
  }

  @Test
  void anotherShardCountIsRefusedWithASentence() throws Exception {
    await(leases.prepare(8));
    await(leases.prepare(8));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(leases.prepare(16)));
    assertEquals("cluster.shards is 16 but the database's shard leases were made for 8 shards;"
        + " every process must use the same count", e.getCause().getMessage());
    assertEquals(8L, (long) await(db.pool().query("select count(*) from session.shard_leases").execute())
        .iterator().next().getLong(0));
  }

  @Test
  void aUsersShardIsStable() {
    assertEquals(3, ShardLeases.shardOf("a", 64), "CRC-32 of \"a\" is 0xe8b7be43");
    String id = "0b7e4f4e-6a53-4c6e-9a3c-2f1d6b1e9a10";
    int shard = ShardLeases.shardOf(id, 128);
    assertTrue(shard >= 0 && shard < 128);
    assertEquals(shard, ShardLeases.shardOf(id, 128));
    assertFalse(ShardLeases.shardOf("ffffffff-ffff-ffff-ffff-ffffffffffff", 7) < 0);
  }

  private int write(ShardLeases.Fence fence) throws Exception {
    return await(writeLater(fence));
  }

  private Future<Integer> writeLater(ShardLeases.Fence fence) {
    return db.pool().preparedQuery("insert into session.fence_probe (writer) select $1 where "
        + ShardLeases.Fence.condition(2)).execute(fence.addTo(Tuple.of(fence.owner()))).map(rows -> rows.rowCount());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
