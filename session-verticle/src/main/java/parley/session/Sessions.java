package parley.session;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.Shards;

/**
 * The users held in memory: only those of the shards this process serves, loaded from the
 * database the first time they are needed and unloaded when nothing keeps them (no browser, no
 * connection), so memory follows the active users.
 */
final class Sessions {
  private final EventBus bus;
  private final UserStore users;
  private final AccountStore accounts;
  private final UserStateStore state;
  private final OrphanedSends orphans;
  private final int eventWindow;
  private final int shards;
  private final Map<String, Future<UserSession>> byUser = new HashMap<>();
  /** The shards served now, with the fence their users' writes carry. */
  private final Map<Integer, ShardLeases.Fence> served = new HashMap<>();
  /** Told of each user as they are loaded (billing's allowance is asked, nodes resync). */
  private final Consumer<UserSession> onLoaded;
  /** Told of each user as they are unloaded (watches forget them). */
  private final Consumer<UserSession> onUnloaded;

  Sessions(EventBus bus, UserStore users, AccountStore accounts, UserStateStore state, OrphanedSends orphans,
           int eventWindow, int shards, Consumer<UserSession> onLoaded, Consumer<UserSession> onUnloaded) {
    this.bus = bus;
    this.users = users;
    this.accounts = accounts;
    this.state = state;
    this.orphans = orphans;
    this.eventWindow = eventWindow;
    this.shards = shards;
    this.onLoaded = onLoaded;
    this.onUnloaded = onUnloaded;
  }

  int shardOf(String userId) {
    return Shards.of(userId, shards);
  }

  /** Users of this shard may be loaded from now on; their writes carry {@code fence}. */
  void serve(ShardLeases.Fence fence) {
    served.put(fence.shard(), fence);
  }

  /** No user of this shard is loaded any more (those loaded stay until {@link #unloadShard}). */
  void stopServing(int shard) {
    served.remove(shard);
  }

  int shardsServed() {
    return served.size();
  }

  Future<UserSession> get(String userId) {
    Future<UserSession> existing = byUser.get(userId);
    if (existing != null) {
      return existing;
    }
    if (!validUuid(userId)) {
      return Future.failedFuture(FailureCode.NOT_SIGNED_IN.exception(null));
    }
    ShardLeases.Fence fence = served.get(shardOf(userId));
    if (fence == null) {
      return Future.failedFuture(UserStateStore.staleOwner());
    }
    Future<UserSession> loading = users.findById(userId).compose(user -> {
      if (user == null) {
        return Future.failedFuture(FailureCode.NOT_SIGNED_IN.exception(null));
      }
      return accounts.list(userId).compose(list -> state.load(userId).compose(stored -> {
        if (served.get(fence.shard()) != fence) {
          // The shard was handed over or lost while the user was loading.
          return Future.failedFuture(UserStateStore.staleOwner());
        }
        UserSession session = new UserSession(userId, user.username(), new EventStream(bus, userId, eventWindow));
        session.fence = fence;
        list.forEach(a -> session.accounts.put(a.id(), new AccountSession(a)));
        session.unread.putAll(stored.unread());
        session.subscriptionRequests.addAll(stored.subscriptionRequests());
        session.people.putAll(stored.people());
        session.dismissedSuggestions.addAll(stored.dismissedSuggestions());
        session.searchLanguage = stored.searchLanguage();
        if (stored.ownPresence() != null) {
          session.ownPresence = stored.ownPresence();
        }
        stored.nodes().forEach((accountId, nodeId) -> {
          AccountSession a = session.accounts.get(accountId);
          if (a != null) {
            // Held by a node, opened by an earlier owner: taken as connected (so sends go on while
            // the user moves) until the node's resync says how it is.
            a.nodeId = nodeId;
            a.state = ConnectionState.CONNECTED;
          }
        });
        // What a stopped owner was sending is settled before anything of the user is shown.
        return orphans.settleAll(session).map(session);
      }));
    });
    byUser.put(userId, loading);
    loading.onFailure(err -> byUser.remove(userId, loading)).onSuccess(onLoaded::accept);
    return loading;
  }

  private static boolean validUuid(String id) {
    try {
      java.util.UUID.fromString(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The users loaded so far (those whose load has finished). */
  Collection<UserSession> loaded() {
    return byUser.values().stream().filter(Future::succeeded).map(Future::result).toList();
  }

  /** How long the oldest write queued behind a loaded user's earlier writes has waited (ms; 0 when none waits). */
  long oldestQueuedWriteMs() {
    long now = System.currentTimeMillis();
    long oldest = 0;
    // Over the map itself, not loaded(): this runs ten times a second and needs no list of every user.
    for (Future<UserSession> user : byUser.values()) {
      if (user.succeeded()) {
        oldest = Math.max(oldest, user.result().oldestQueuedWriteMs(now));
      }
    }
    return oldest;
  }

  /** The loaded users of one shard. */
  List<UserSession> loadedIn(int shard) {
    List<UserSession> out = new ArrayList<>();
    loaded().forEach(u -> {
      if (u.fence != null && u.fence.shard() == shard) {
        out.add(u);
      }
    });
    return out;
  }

  int count() {
    return byUser.size();
  }

  /** Unloads the user once their queued writes are done, if nothing keeps them by then. */
  void unloadIfIdle(String userId) {
    Future<UserSession> f = byUser.get(userId);
    if (f == null || !f.succeeded() || !f.result().idle()) {
      return;
    }
    UserSession user = f.result();
    user.settled().onComplete(ar -> {
      if (user.idle() && byUser.get(userId) == f) {
        unload(user);
      }
    });
  }

  /** Forgets the user's copy in memory at once (its stored state stays). */
  void unload(UserSession user) {
    Future<UserSession> f = byUser.get(user.userId);
    if (f != null && f.succeeded() && f.result() == user) {
      byUser.remove(user.userId);
    }
    user.gone = true;
    onUnloaded.accept(user);
  }

  /** Forgets every user of the shard, and loads still running for it. */
  void unloadShard(int shard) {
    loadedIn(shard).forEach(this::unload);
    byUser.entrySet().removeIf(e -> !e.getValue().isComplete() && shardOf(e.getKey()) == shard);
  }
}
