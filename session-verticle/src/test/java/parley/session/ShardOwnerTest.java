package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parley.session.ShardLeasesTest.await;
import static parley.session.testing.Eventually.awaitUntil;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static parley.session.testing.Eventually.awaitUntil;

import parley.session.testing.FreezableProxy;
import parley.session.testing.TestDatabase;

/**
 * Several owners, each on its own Vert.x with its own pool, sharing one real database with short
 * leases (2 s, renewed every 500 ms). Throughout, a shard is never served by two at once.
 */
@Timeout(90)
class ShardOwnerTest {
  private static final int SHARDS = 16;
  private static final long LEASE_MS = 2000;
  private static final long RENEW_MS = 500;

  private JsonObject dbConfig;
  private Vertx testVertx;
  private Database testDb;
  private final List<Process> processes = new ArrayList<>();
  /** Which owner serves each shard now, by the callbacks; a second owner is a doubling. */
  private final Map<Integer, String> servedBy = new ConcurrentHashMap<>();
  private final List<String> doublings = new CopyOnWriteArrayList<>();

  /** One session process: its Vert.x, pool, owner and the shards its callbacks say it serves. */
  private final class Process implements ShardOwner.Listener {
    final Vertx vertx = Vertx.vertx();
    final String id;
    final Database db;
    final ShardOwner owner;
    final Set<Integer> serving = ConcurrentHashMap.newKeySet();
    final List<Integer> lost = new CopyOnWriteArrayList<>();
    /** Per lost() call: whether the database still had the lease unexpired at that moment. */
    final List<Future<Boolean>> stillLeasedWhenLost = new CopyOnWriteArrayList<>();

    Process(String id, JsonObject config) throws Exception {
      this(id, config, LEASE_MS, RENEW_MS);
    }

    Process(String id, JsonObject config, long leaseMs, long renewMs) throws Exception {
      this(id, config, leaseMs, renewMs, ShardOwner.Membership.NONE);
    }

    Process(String id, JsonObject config, long leaseMs, long renewMs, ShardOwner.Membership membership) throws Exception {
      this.id = id;
      db = await(Database.open(vertx, config));
      owner = new ShardOwner(vertx, new ShardLeases(db.pool()), id, membership, SHARDS, leaseMs, renewMs, this);
      await(owner.start());
      processes.add(this);
    }

    @Override
    public void acquired(int shard, long epoch) {
      String other = servedBy.put(shard, id);
      if (other != null) {
        doublings.add("shard " + shard + " acquired by " + id + " while " + other + " serves it");
      }
      serving.add(shard);
    }

    @Override
    public Future<Void> releasing(int shard) {
      stopServing(shard);
      return Future.succeededFuture();
    }

    @Override
    public void lost(int shard) {
      // The moment of the call, not of the query (which a loaded machine may run much later); the
      // database runs on this machine's clock.
      long lostAtMs = System.currentTimeMillis();
      stillLeasedWhenLost.add(testDb.pool()
          .preparedQuery("select (extract(epoch from expires_at) * 1000)::bigint from session.shard_leases"
              + " where shard = $1 and owner = $2")
          .execute(Tuple.of(shard, id)).map(rows -> rows.iterator().next().getLong(0) > lostAtMs));
      lost.add(shard);
      stopServing(shard);
    }

    void stopServing(int shard) {
      serving.remove(shard);
      servedBy.remove(shard, id);
    }

    /** Gone without a word, as with kill -9: timers and connections end, nothing is released. */
    void kill() throws Exception {
      await(vertx.close());
      serving.forEach(shard -> servedBy.remove(shard, id));
      serving.clear();
      processes.remove(this);
    }

    void stop() throws Exception {
      await(owner.stop());
      await(db.close(vertx));
      await(vertx.close());
      processes.remove(this);
    }
  }

  @BeforeEach
  void open() throws Exception {
    dbConfig = TestDatabase.freshDatabase();
    testVertx = Vertx.vertx();
    testDb = await(Database.open(testVertx, dbConfig));
  }

  @AfterEach
  void close() throws Exception {
    for (Process p : new ArrayList<>(processes)) {
      p.kill();
    }
    await(testDb.close(testVertx));
    await(testVertx.close());
  }

  @Test
  void twoThenThreeOwnersConvergeToAFairSplit() throws Exception {
    Process a = new Process("a", dbConfig);
    awaitSplit(List.of(a), 16);
    Process b = new Process("b", dbConfig);
    awaitSplit(List.of(a, b), 8, 8);
    Process c = new Process("c", dbConfig);
    awaitSplit(List.of(a, b, c), 6, 5, 5);
    assertEquals(List.of(), doublings);
    assertEquals(List.of(), a.lost);
  }

  /**
   * A restarted session process gets its fair share within about one renew interval of the
   * others (they hand back everything over their share at once), not one shard per renewal; and
   * never is a shard served by two at once.
   */
  @Test
  void aRestartedOwnerGetsItsShareWithinAboutOneRenewal() throws Exception {
    long leaseMs = 10_000;
    long renewMs = 3_000;
    Process a = new Process("a", dbConfig, leaseMs, renewMs);
    awaitSplit(List.of(a), 16);
    long started = System.nanoTime();
    Process b = new Process("b", dbConfig, leaseMs, renewMs);
    awaitUntil(() -> b.serving.size() == 8, renewMs + 3000, "b serves its share of 8");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs <= renewMs + 3000, "b had its share after " + tookMs + " ms");
    awaitSplit(List.of(a, b), 8, 8);
    assertEquals(List.of(), doublings);
    assertEquals(List.of(), a.lost);
  }

  @Test
  void aStoppedOwnerHandsItsShardsOverAtOnce() throws Exception {
    Process a = new Process("a", dbConfig);
    Process b = new Process("b", dbConfig);
    awaitSplit(List.of(a, b), 8, 8);
    long stopped = System.nanoTime();
    b.stop();
    awaitSplit(List.of(a), 16);
    long tookMs = (System.nanoTime() - stopped) / 1_000_000;
    assertTrue(tookMs < LEASE_MS, "handed over in " + tookMs + " ms, not left to expire");
    assertEquals(List.of(), doublings);
  }

  @Test
  void aKilledOwnersShardsAreTakenWhenTheirLeasesExpire() throws Exception {
    Process a = new Process("a", dbConfig);
    Process b = new Process("b", dbConfig);
    awaitSplit(List.of(a, b), 8, 8);
    Set<Integer> bs = Set.copyOf(b.serving);
    long killed = System.nanoTime();
    b.kill();
    awaitSplit(List.of(a), 16);
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(tookMs >= LEASE_MS - RENEW_MS - 100, "taken after " + tookMs + " ms: not before the leases expired");
    assertTrue(tookMs <= LEASE_MS + 4 * RENEW_MS, "taken after " + tookMs + " ms");
    for (int shard : bs) {
      assertTrue(epochOf(shard) >= 3, "shard " + shard + " was taken with a higher epoch");
    }
    assertEquals(List.of(), doublings);
  }

  /**
   * A survivor told that a cluster member left takes the dead owner's shards when their leases
   * end, not at its own next renewal: here that renewal is 7 s away and the leases end within 2 s.
   */
  @Test
  void aMemberLeavingSchedulesTheTakeoverAtTheDeadOwnersExpiry() throws Exception {
    Process b = new Process("b", dbConfig);
    awaitSplit(List.of(b), 16);
    Process a = new Process("a", dbConfig, 10_000, 7_000);
    await(a.owner.firstRound());
    b.kill();
    long remainingMs = await(testDb.pool().query("select ceil(extract(epoch from max(expires_at) - now()) * 1000)::bigint"
        + " from session.shard_leases where owner = 'b' and expires_at > now()").execute()).iterator().next().getLong(0);
    long asked = System.nanoTime();
    a.owner.memberLeft("a member no lease row names");
    awaitSplit(List.of(a), 16);
    long tookMs = (System.nanoTime() - asked) / 1_000_000;
    assertTrue(tookMs >= remainingMs - 50, "taken after " + tookMs + " ms, before b's leases ended (" + remainingMs + " ms)");
    assertTrue(tookMs <= remainingMs + 800, "taken after " + tookMs + " ms; b's leases ended after " + remainingMs + " ms");
    assertEquals(List.of(), doublings);
  }

  /**
   * The cluster removes b's member (b was killed, or is stalled or cut off from the cluster but
   * not from the database): a takes b's shards at once, long before their 10-s leases end. Here b
   * is in fact alive: its writes under the old epoch are refused from the takeover on, it stops
   * serving as soon as it sees the cluster without a (or at its next renewal), and while cut off
   * it takes nothing back. When the cluster heals, the two split the shards again.
   */
  @Test
  void aRemovedMembersShardsAreTakenAtOnceAndItStopsServingWithItsWritesRefused() throws Exception {
    long leaseMs = 10_000;
    long renewMs = 2_000;
    Set<String> aSees = ConcurrentHashMap.newKeySet();
    Set<String> bSees = ConcurrentHashMap.newKeySet();
    aSees.addAll(Set.of("member-a", "member-b"));
    bSees.addAll(Set.of("member-a", "member-b"));
    Process a = new Process("a", dbConfig, leaseMs, renewMs, new ShardOwner.Membership("member-a", () -> Set.copyOf(aSees)));
    Process b = new Process("b", dbConfig, leaseMs, renewMs, new ShardOwner.Membership("member-b", () -> Set.copyOf(bSees)));
    awaitSplit(List.of(a, b), 8, 8);
    await(testDb.pool().query("create table session.fence_probe (writer text)").execute());
    int shard = b.serving.iterator().next();
    ShardLeases.Fence stale = new ShardLeases.Fence(shard, "b", epochOf(shard));
    assertEquals(1, write(stale), "b's write while it holds the shard");

    // The cluster splits: each side sees the other leave.
    aSees.remove("member-b");
    bSees.remove("member-a");
    long removed = System.nanoTime();
    a.owner.memberLeft("member-b");
    awaitUntil(() -> a.serving.size() == SHARDS, 3_000, "a serves every shard");
    long tookMs = (System.nanoTime() - removed) / 1_000_000;
    assertTrue(tookMs < 3_000, "taken " + tookMs + " ms after the member left, not when the 10-s leases end");
    assertEquals(0, write(stale), "b's write after the takeover is refused");
    assertEquals(1, write(new ShardLeases.Fence(shard, "a", epochOf(shard))), "a's write lands");

    b.owner.memberLeft("member-a");
    awaitUntil(() -> b.serving.isEmpty(), 1_000, "b stops serving once it sees the cluster without a");
    Thread.sleep(renewMs + 500);
    assertEquals(Set.of(), b.serving, "b, cut off, takes nothing back");
    assertEquals(SHARDS, a.serving.size());
    assertEquals(0, write(stale));

    aSees.add("member-b");
    bSees.add("member-a");
    awaitSplit(List.of(a, b), 8, 8);
    // b served its shards in memory until it learnt of the takeover; its writes were fenced then.
    doublings.forEach(d -> assertTrue(d.contains("acquired by a while b serves it"), d));
    doublings.clear();
  }

  private int write(ShardLeases.Fence fence) throws Exception {
    return await(testDb.pool().preparedQuery("insert into session.fence_probe (writer) select $1 where "
        + ShardLeases.Fence.condition(2)).execute(fence.addTo(Tuple.of(fence.owner())))).rowCount();
  }

  @Test
  void anOwnerWhoseDatabaseStallsStopsServingBeforeItsLeasesEnd() throws Exception {
    URI url = URI.create(dbConfig.getString("url"));
    try (FreezableProxy proxy = new FreezableProxy(url.getHost(), url.getPort())) {
      String viaProxy = "postgresql://" + url.getUserInfo() + "@127.0.0.1:" + proxy.port() + url.getPath();
      Process a = new Process("a", dbConfig);
      Process b = new Process("b", new JsonObject().put("url", viaProxy).put("poolSize", 2));
      awaitSplit(List.of(a, b), 8, 8);
      Set<Integer> bs = Set.copyOf(b.serving);
      proxy.freeze();
      awaitUntil(() -> b.serving.isEmpty(), LEASE_MS + 1000, "b stops serving");
      assertEquals(bs, Set.copyOf(b.lost));
      for (Future<Boolean> leased : b.stillLeasedWhenLost) {
        assertTrue(await(leased), "lost() came while the database still had the lease");
      }
      awaitSplit(List.of(a), 16);
      proxy.thaw();
      awaitSplit(List.of(a, b), 8, 8);
      assertEquals(List.of(), doublings);
    }
  }

  private long epochOf(int shard) throws Exception {
    return await(testDb.pool().preparedQuery("select epoch from session.shard_leases where shard = $1")
        .execute(Tuple.of(shard))).iterator().next().getLong(0);
  }

  /** Waits until the owners serve these counts, every shard exactly once, as the database says too. */
  private void awaitSplit(List<Process> owners, Integer... counts) throws Exception {
    List<Integer> want = new ArrayList<>(List.of(counts));
    awaitUntil(() -> {
      List<Integer> have = new ArrayList<>();
      owners.forEach(p -> have.add(p.serving.size()));
      have.sort(Collections.reverseOrder());
      return have.equals(want) && servedBy.size() == SHARDS;
    }, 10_000, "the split " + want);
    for (Process p : owners) {
      Set<Integer> inDatabase = ConcurrentHashMap.newKeySet();
      await(testDb.pool().preparedQuery("select shard from session.shard_leases where owner = $1 and expires_at > now()")
          .execute(Tuple.of(p.id))).forEach(row -> inDatabase.add(row.getInteger(0)));
      assertEquals(Set.copyOf(p.serving), inDatabase, p.id + "'s shards in the database");
    }
  }
}
