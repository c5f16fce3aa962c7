package parley.session;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's membership, as the session's watches of other processes (web processes, protocol
 * nodes) read it: the member ids now, and a call on the session's context as soon as Hazelcast
 * says a member left. The cluster manager's own node listener belongs to Vert.x, so a Hazelcast
 * membership listener is added beside it; the callers also check on a timer, as a backstop.
 */
final class ClusterWatch {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);

  private final Vertx vertx;
  private HazelcastClusterManager hazelcast;
  private UUID registration;

  ClusterWatch(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The ids of the cluster's members now, or null when this process is not clustered. */
  Collection<String> members() {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    return cluster == null ? null : Set.copyOf(cluster.getNodes());
  }

  /**
   * This process's member and the members now, as Hazelcast ids (what {@link #onMemberLeft}
   * names); {@link ShardOwner.Membership#NONE} when this process is not clustered.
   */
  ShardOwner.Membership membership() {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)
        || manager.getHazelcastInstance() == null) {
      return ShardOwner.Membership.NONE;
    }
    com.hazelcast.cluster.Cluster cluster = manager.getHazelcastInstance().getCluster();
    return new ShardOwner.Membership(cluster.getLocalMember().getUuid().toString(),
        () -> cluster.getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet()));
  }

  /**
   * Runs {@code onLeft} on {@code context} with the member's Hazelcast id each time a member
   * leaves (from Hazelcast's event thread).
   */
  void onMemberLeft(Context context, Consumer<String> onLeft) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)
        || manager.getHazelcastInstance() == null) {
      return;
    }
    hazelcast = manager;
    registration = manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipAdapter() {
      @Override
      public void memberRemoved(MembershipEvent event) {
        String member = event.getMember().getUuid().toString();
        log.info("Cluster member {} left", member);
        context.runOnContext(v -> onLeft.accept(member));
      }
    });
  }

  /**
   * Completes once no process that left the cluster is still listed as a consumer of any of the
   * {@code addresses} (Vert.x forgets them a moment after Hazelcast says they left; a request sent
   * meanwhile could go to the dead process and wait for its timeout), or after {@code maxMs}.
   */
  Future<Void> forgotten(List<String> addresses, long maxMs) {
    Promise<Void> done = Promise.promise();
    check(addresses, System.nanoTime() + maxMs * 1_000_000L, done);
    return done.future();
  }

  private void check(List<String> addresses, long deadline, Promise<Void> done) {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    if (cluster == null || System.nanoTime() > deadline) {
      done.tryComplete();
      return;
    }
    Collection<String> members = members();
    List<Future<List<RegistrationInfo>>> lists = addresses.stream().map(address -> {
      Promise<List<RegistrationInfo>> p = Promise.promise();
      cluster.getRegistrations(address, p);
      return p.future();
    }).toList();
    Future.join(lists).onComplete(ar -> {
      boolean stale = lists.stream().anyMatch(f -> f.succeeded() && f.result().stream().anyMatch(r -> !members.contains(r.nodeId())));
      if (stale) {
        vertx.setTimer(50, id -> check(addresses, deadline, done));
      } else {
        done.tryComplete();
      }
    });
  }

  void stop() {
    if (registration != null) {
      try {
        hazelcast.getHazelcastInstance().getCluster().removeMembershipListener(registration);
      } catch (RuntimeException e) {
        // The cluster is already shutting down: nothing more will be called.
        log.debug("Membership listener not removed: {}", e.getMessage());
      }
      registration = null;
    }
  }
}
