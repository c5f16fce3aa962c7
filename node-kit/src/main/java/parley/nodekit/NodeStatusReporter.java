package parley.nodekit;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import parley.boot.ClusterBoot;
import parley.contract.Addresses;
import parley.contract.ConnectionState;
import parley.contract.NodeStatus;
import parley.contract.nodes.NodeStatusReport;
import parley.contract.nodes.NodeStopped;

/**
 * What a protocol node tells operators about itself: the accounts it holds by connection state,
 * connection failures since it started by reason, its version and uptime. Published to
 * {@link Addresses#NODES_STATUS} when the node starts, every {@link NodeStatus#INTERVAL_MS}, at once
 * when a session process starting asks ({@link NodeStatus#NODE_STATUS_WANTED}: it learns which
 * cluster member the node lives in, so it notices the node's loss), and a last {@code node-stopped}
 * when it stops. Only processes inside the cluster reach that address (the bridge does not).
 */
public final class NodeStatusReporter {
  private static final String VERSION = readVersion();

  private final Vertx vertx;
  private final String nodeId;
  private final String network;
  private final Supplier<Set<String>> held;
  private final long startedAt = System.currentTimeMillis();
  private final long startedNanos = System.nanoTime();
  /** Last reported state per account; accounts the node no longer holds are dropped at each snapshot. */
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final Map<String, Long> failures = new ConcurrentHashMap<>();
  private long timer = -1;
  private MessageConsumer<Object> wanted;
  /** Set once when an admin drains the node; never cleared (a drained node is stopped). */
  private volatile boolean draining;

  /** {@code held}: the ids of the accounts the node holds now (read on the node's context). */
  public NodeStatusReporter(Vertx vertx, String nodeId, String network, Supplier<Set<String>> held) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.network = network;
    this.held = held;
  }

  /** Called for every connection-state event an account of this node sends (from any thread). */
  public void state(String accountId, String state, ImFailure failure) {
    states.put(accountId, state);
    if (failure != null) {
      failures.merge(failure.code().name(), 1L, Long::sum);
    }
  }

  public NodeStatusReport snapshot() {
    Set<String> now = held.get();
    states.keySet().retainAll(now);
    // The usual states are always there, so a reader sees 0 rather than nothing.
    Map<String, Long> sessions = new HashMap<>(Map.of(ConnectionState.CONNECTING, 0L, ConnectionState.CONNECTED, 0L,
        ConnectionState.RECONNECTING, 0L));
    for (String accountId : now) {
      // Held, and no state reported yet: it is connecting.
      sessions.merge(states.getOrDefault(accountId, ConnectionState.CONNECTING), 1L, Long::sum);
    }
    return new NodeStatusReport(nodeId, network, ClusterBoot.nodeId(vertx), VERSION, startedAt,
        (System.nanoTime() - startedNanos) / 1_000_000_000L, now.size(), sessions, failures, draining);
  }

  /** From now on the node says it is draining; published at once, and again at each {@link #changed()}. */
  public void draining() {
    draining = true;
    publish();
  }

  /** Publishes now, out of turn: a drain moved an account, so the admin page sees the count fall. */
  public void changed() {
    publish();
  }

  /** Publishes now and then every interval; on the node's context. */
  public void start() {
    wanted = vertx.eventBus().consumer(Addresses.NODES_STATUS, msg -> {
      if (msg.body() instanceof JsonObject body && NodeStatus.NODE_STATUS_WANTED.equals(body.getString("type"))) {
        publish();
      }
    });
    publish();
    timer = vertx.setPeriodic(NodeStatus.INTERVAL_MS, id -> publish());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    if (wanted != null) {
      wanted.unregister();
    }
    vertx.eventBus().publish(Addresses.NODES_STATUS, new NodeStopped(nodeId).toJson());
  }

  private void publish() {
    vertx.eventBus().publish(Addresses.NODES_STATUS, snapshot().toJson());
  }

  private static String readVersion() {
    try (InputStream in = NodeStatusReporter.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
