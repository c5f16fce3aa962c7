package parley.session;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which web process (cluster node) each attached browser came through. A web process that dies
 * never says its browsers detached; once it is gone from the cluster's membership, its browsers
 * are detached here, so the idle timer starts as after a normal detach. Checked against the
 * cluster's member list ({@link ClusterWatch}) when a member leaves and on a timer.
 */
final class WebNodeWatch {
  private static final Logger log = LoggerFactory.getLogger(WebNodeWatch.class);

  /** The cluster's member ids, or null when this process is not clustered. */
  private final Supplier<Collection<String>> clusterMembers;
  private final IdlePolicy idle;
  /** Web node id → socket id → the user attached through it. */
  private final Map<String, Map<String, UserSession>> byNode = new HashMap<>();

  WebNodeWatch(Supplier<Collection<String>> clusterMembers, IdlePolicy idle) {
    this.clusterMembers = clusterMembers;
    this.idle = idle;
  }

  void attached(UserSession user, String socketId, String webNodeId) {
    if (webNodeId != null) {
      byNode.computeIfAbsent(webNodeId, id -> new HashMap<>()).put(socketId, user);
    }
  }

  void detached(String socketId, String webNodeId) {
    Map<String, UserSession> sockets = webNodeId == null ? null : byNode.get(webNodeId);
    if (sockets != null) {
      sockets.remove(socketId);
      if (sockets.isEmpty()) {
        byNode.remove(webNodeId);
      }
    }
  }

  /** The user was unloaded: their sockets are no longer watched here. */
  void forget(UserSession user) {
    byNode.values().forEach(sockets -> sockets.values().removeIf(u -> u == user));
    byNode.values().removeIf(Map::isEmpty);
  }

  /** Detaches the browsers of every web process that is no longer a member of the cluster. */
  void check() {
    if (byNode.isEmpty()) {
      return;
    }
    Collection<String> found = clusterMembers.get();
    if (found == null) {
      return;
    }
    Set<String> members = new HashSet<>(found);
    for (String webNode : List.copyOf(byNode.keySet())) {
      if (!members.contains(webNode)) {
        Map<String, UserSession> sockets = byNode.remove(webNode);
        log.warn("Web process {} has left the cluster: its {} browser socket(s) count as detached", webNode, sockets.size());
        sockets.forEach((socketId, user) -> idle.detached(user, socketId));
      }
    }
  }
}
