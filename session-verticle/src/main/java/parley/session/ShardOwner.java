package parley.session;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session process's share of the user shards, kept on a timer.
 *
 * <p>Every renew interval it renews the leases it holds (one statement), then compares what it
 * holds with its fair share: the shards divided over the running owners (those in
 * {@code shard_owners} with a live mark, not removed, and run as a member this process sees in its
 * cluster; in id order, the first ones taking one more when it does not divide evenly). Below its share it takes free or expired shards, and looks again every
 * {@value #QUICK_ROUND_MS} ms until it has its share; above it, it hands all the shards over its
 * share back at once ({@link Listener#releasing} for each, then each lease ends at once), so a
 * newcomer has its share within about one renew interval of its start, and a stopping process
 * hands over everything. When a cluster member leaves, the leases of the owner that ran as it end
 * at once and a round runs ({@link #memberLeft}), so a killed owner's shards are taken within a
 * database round trip of the cluster's word, not when its leases run out.
 *
 * <p>Safety: a lease renewed by a statement sent at time t lasts at least until t + lease on the
 * database (the database adds the lease when it runs the statement, which is after t). This
 * process stops serving a shard ({@link Listener#lost}) a fifth of the lease before that, by its
 * own monotonic clock, whatever its database calls are doing: a stalled or slow database cannot
 * keep it serving a shard another process may already have taken.
 */
public final class ShardOwner {
  private static final Logger log = LoggerFactory.getLogger(ShardOwner.class);
  /** While below its share, how soon an owner looks for shards the others hand back. */
  static final long QUICK_ROUND_MS = 200;

  /** What the later wiring does when the set of served shards changes. Called on the owner's context. */
  public interface Listener {
    /** Start serving the shard; writes for it carry {@code epoch} in their fence. */
    void acquired(int shard, long epoch);

    /** Finish with the shard before its lease is handed to another process (well within the lease). */
    Future<Void> releasing(int shard);

    /** Stop serving the shard at once: its lease could not be renewed in time or was taken. */
    void lost(int shard);
  }

  /**
   * The cluster as this process sees it: the member it runs as, and the members now (both
   * Hazelcast member ids; {@link #NONE} for a process that is not clustered).
   */
  public record Membership(String self, Supplier<Collection<String>> members) {
    public static final Membership NONE = new Membership(null, () -> null);
  }

  private record Held(long epoch, long deadlineNanos) {}

  private final Vertx vertx;
  private final Context context;
  private final ShardLeases leases;
  private final String owner;
  private final int shards;
  private final long leaseMs;
  private final long renewMs;
  private final long marginMs;
  private final Listener listener;
  private final Membership membership;
  private final TreeMap<Integer, Held> held = new TreeMap<>();
  private boolean busy;
  /** A round was asked for while one was running (a takeover scheduled by {@link #memberLeft}). */
  private boolean again;
  private boolean stopped;
  private long ticker = -1;
  private long watchdog = -1;
  /** The next round while below the share (-1: none planned). */
  private long quickRound = -1;
  /** Below the fair share after the last round: shards the others hand back are looked for soon. */
  private boolean belowShare;
  /** Completed after the first renew and balance that went through. */
  private final Promise<Void> firstRound = Promise.promise();

  public ShardOwner(Vertx vertx, ShardLeases leases, String owner, int shards, long leaseMs, long renewMs, Listener listener) {
    this(vertx, leases, owner, Membership.NONE, shards, leaseMs, renewMs, listener);
  }

  public ShardOwner(Vertx vertx, ShardLeases leases, String owner, Membership membership, int shards, long leaseMs,
      long renewMs, Listener listener) {
    this.marginMs = leaseMs / 5;
    if (renewMs >= leaseMs - marginMs) {
      throw new IllegalArgumentException("session.shardRenewMs (" + renewMs + ") must be below four fifths of"
          + " session.shardLeaseMs (" + leaseMs + "), or leases run out between renewals");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.leases = leases;
    this.owner = owner;
    this.shards = shards;
    this.leaseMs = leaseMs;
    this.renewMs = renewMs;
    this.listener = listener;
    this.membership = membership;
  }

  /** Checks the shard count against the database, then starts taking a share. */
  public Future<Void> start() {
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> leases.prepare(shards).onComplete(ar -> {
      if (ar.succeeded()) {
        ticker = vertx.setPeriodic(1, renewMs, id -> tick());
      }
      started.handle(ar);
    }));
    return started.future();
  }

  /**
   * Completes after the first round that reached the database: this process holds the shards that
   * were free for its share (a lone process: all of them).
   */
  public Future<Void> firstRound() {
    return firstRound.future();
  }

  /** Hands every shard over ({@link Listener#releasing}, then release) and leaves the share count. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      vertx.cancelTimer(ticker);
      vertx.cancelTimer(watchdog);
      vertx.cancelTimer(quickRound);
      firstRound.tryFail("The session process stopped before it took its shards.");
      Map<Integer, Long> all = epochs();
      List<Future<Void>> finishing = new ArrayList<>();
      all.keySet().forEach(shard -> finishing.add(listener.releasing(shard)));
      Future.join(finishing)
          .transform(x -> leases.release(owner, all))
          .transform(x -> leases.leave(owner))
          .onComplete(ar -> {
            held.clear();
            done.handle(ar);
          });
    });
    return done.future();
  }

  /** This process's id in the lease table. */
  public String owner() {
    return owner;
  }

  /** The shard a user belongs to. */
  public int shardOf(String userId) {
    return ShardLeases.shardOf(userId, shards);
  }

  /** The fence for writes of a shard this process serves now; empty when it does not. Call on the owner's context. */
  public Optional<ShardLeases.Fence> fence(int shard) {
    Held h = held.get(shard);
    return h == null ? Optional.empty() : Optional.of(new ShardLeases.Fence(shard, owner, h.epoch));
  }

  /** The shards served now with their epochs. Call on the owner's context. */
  public Map<Integer, Long> epochs() {
    Map<Integer, Long> epochs = new TreeMap<>();
    held.forEach((shard, h) -> epochs.put(shard, h.epoch));
    return epochs;
  }

  /**
   * A cluster member left ({@code member}, its Hazelcast id): it may have been a session process,
   * killed. If a session process ran as that member, its leases end now ({@link
   * ShardLeases#endLeasesOf}) and a round runs at once, so its shards are taken within a database
   * round trip, not when its leases would have run out. That is safe even if it is in fact alive
   * (stalled, or cut off from the cluster): its fenced writes are refused from then on, and it stops
   * serving when it renews. This process also renews at once: if it is the one the others removed
   * (it sees them leave), it finds its leases ended and stops serving now. For an owner that
   * recorded no member (not clustered), a round runs the moment each other owner's last lease (or
   * live mark) ends, by the database's clock. Call from any thread.
   */
  public void memberLeft(String member) {
    context.runOnContext(v -> {
      if (stopped) {
        return;
      }
      Future<Set<Integer>> ended = member == null ? Future.succeededFuture(Set.of()) : leases.endLeasesOf(owner, List.of(member));
      ended.onSuccess(shards -> {
        if (!shards.isEmpty()) {
          log.info("Cluster member {} left: {} ended the {} shard leases of the session process that ran as it: {}",
              member, owner, shards.size(), shards);
        }
      }).onFailure(err -> log.warn("Shard leases of cluster member {} not ended after it left: {}", member, err.toString()))
          .onComplete(ar -> tick());
      leases.otherOwnersEnd(owner).onSuccess(ends -> ends.forEach(ms -> {
        if (!stopped) {
          log.info("A cluster member left: {} looks at the shard leases again in {} ms, when another session"
              + " process's leases end", owner, ms);
          // now() was read before the answer came, so this fires at or after the database's expires_at.
          vertx.setTimer(Math.max(1, ms), id -> tick());
        }
      })).onFailure(err -> log.warn("Shard leases of other owners not read after a member left: {}", err.toString()));
    });
  }

  private void tick() {
    // A call still waiting (a stalled database) is not stacked on: one more round follows it.
    if (busy) {
      again = true;
      return;
    }
    if (stopped) {
      return;
    }
    busy = true;
    again = false;
    renew().compose(v -> balance()).onComplete(ar -> {
      busy = false;
      if (again) {
        tick();
      }
      if (ar.failed()) {
        // A database that fails is not asked five times a second: the renew interval paces it.
        belowShare = false;
        log.warn("Shard leases of {}: {}", owner, ar.cause().toString());
      } else {
        firstRound.tryComplete();
      }
      if (belowShare && quickRound < 0 && !stopped) {
        quickRound = vertx.setTimer(Math.min(QUICK_ROUND_MS, renewMs), id -> {
          quickRound = -1;
          tick();
        });
      }
    });
  }

  private Future<Void> renew() {
    long sent = System.nanoTime();
    Map<Integer, Long> asked = epochs();
    return leases.renew(owner, membership.self(), asked, leaseMs).map(renewed -> {
      if (stopped) {
        return null;
      }
      asked.forEach((shard, epoch) -> {
        Held now = held.get(shard);
        if (now == null || now.epoch != epoch) {
          if (renewed.contains(shard)) {
            // Given up (lost) while the answer was on its way: give the lease back too.
            leases.release(owner, Map.of(shard, epoch));
          }
        } else if (renewed.contains(shard)) {
          held.put(shard, new Held(epoch, deadline(sent)));
        } else {
          lose(shard);
        }
      });
      armWatchdog();
      return null;
    });
  }

  private Future<Void> balance() {
    return leases.liveOwners(membership.members().get()).compose(owners -> {
      int index = owners.indexOf(owner);
      if (stopped) {
        return Future.succeededFuture();
      }
      if (index < 0) {
        // Removed by the others (the cluster said this process left): nothing is taken until it
        // sees every live owner again; then the next round counts it.
        return leases.rejoin(owner, membership.members().get()).map(back -> {
          if (back) {
            log.info("{} is back in the cluster with the other session processes and takes its share again", owner);
          }
          belowShare = back;
          return null;
        });
      }
      int target = shards / owners.size() + (index < shards % owners.size() ? 1 : 0);
      belowShare = false;
      if (held.size() < target) {
        long sent = System.nanoTime();
        return leases.acquire(owner, target - held.size(), leaseMs).map(got -> {
          if (stopped) {
            leases.release(owner, got);
            return null;
          }
          got.forEach((shard, epoch) -> {
            held.put(shard, new Held(epoch, deadline(sent)));
            listener.acquired(shard, epoch);
          });
          if (!got.isEmpty()) {
            log.info("{} took {} shards whose leases had ended (now {} of its share of {}): {}", owner, got.size(),
                held.size(), target, got.keySet());
          }
          belowShare = held.size() < target;
          armWatchdog();
          return null;
        });
      }
      if (held.size() > target) {
        // Everything over the share at once: each handover waits only for its own shard's work.
        List<Future<Void>> handovers = new ArrayList<>();
        new ArrayList<>(held.descendingKeySet()).subList(0, held.size() - target).forEach(shard -> handovers.add(handOver(shard)));
        return Future.join(handovers).mapEmpty();
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> handOver(int shard) {
    long epoch = held.get(shard).epoch;
    return listener.releasing(shard).compose(v -> {
      Held now = held.get(shard);
      if (now == null || now.epoch != epoch) {
        return Future.succeededFuture();
      }
      held.remove(shard);
      armWatchdog();
      return leases.release(owner, Map.of(shard, epoch)).mapEmpty();
    });
  }

  private long deadline(long sentNanos) {
    return sentNanos + TimeUnit.MILLISECONDS.toNanos(leaseMs - marginMs);
  }

  private void lose(int shard) {
    held.remove(shard);
    log.warn("Shard {} of {}: lease not renewed in time; no longer serving it", shard, owner);
    listener.lost(shard);
  }

  /** One timer at the earliest deadline: when it fires, every shard past its deadline is lost. */
  private void armWatchdog() {
    vertx.cancelTimer(watchdog);
    if (held.isEmpty() || stopped) {
      return;
    }
    long earliest = held.values().stream().mapToLong(Held::deadlineNanos).min().getAsLong();
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest - System.nanoTime()));
    watchdog = vertx.setTimer(delayMs, id -> {
      long now = System.nanoTime();
      new ArrayList<>(held.entrySet()).stream().filter(e -> e.getValue().deadlineNanos <= now)
          .forEach(e -> lose(e.getKey()));
      armWatchdog();
    });
  }
}
