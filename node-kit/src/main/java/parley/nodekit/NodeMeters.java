package parley.nodekit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import parley.contract.ConnectionState;

/**
 * A protocol node's meters: the IM sessions it holds by state, logins by result, messages in and
 * out, events dropped while no session process owned their shard. Prometheus names:
 * {@code parley_im_sessions}, {@code parley_logins_total}, {@code parley_messages_total},
 * {@code parley_node_events_dropped_total}. Changed on the node's event loop, read by the scrape.
 */
final class NodeMeters {
  /** A failed account is closed and leaves the node at once: failures show in the logins instead. */
  private static final List<String> STATES = List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
      ConnectionState.RECONNECTING);

  private final MeterRegistry registry;
  private final String network;
  private final Map<String, String> stateByAccount = new ConcurrentHashMap<>();
  private final List<Meter> meters = new ArrayList<>();
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Counter eventsDropped;

  NodeMeters(MeterRegistry registry, String network, String nodeId) {
    this.registry = registry;
    this.network = network;
    for (String state : STATES) {
      meters.add(Gauge.builder("parley.im.sessions", stateByAccount, byAccount -> count(state))
          .description("IM accounts this node holds, by connection state")
          .tags("network", network, "state", state, "node", nodeId).register(registry));
    }
    messagesIn = messages("in");
    messagesOut = messages("out");
    eventsDropped = Counter.builder("parley.node.events.dropped")
        .description("Events dropped because the buffer for session shards without an owner was full")
        .tags("network", network).register(registry);
    meters.add(eventsDropped);
  }

  private Counter messages(String direction) {
    Counter counter = Counter.builder("parley.messages").description("IM messages through the nodes")
        .tags("network", network, "direction", direction).register(registry);
    meters.add(counter);
    return counter;
  }

  private double count(String state) {
    return stateByAccount.values().stream().filter(state::equals).count();
  }

  /** An account the node has just opened. */
  void opened(String accountId) {
    stateByAccount.put(accountId, ConnectionState.CONNECTING);
  }

  /** A {@code connection-state} event going out; a login ends in {@code connected} or {@code failed}. */
  void state(String accountId, String state, ImFailure failure) {
    if (ConnectionState.DISCONNECTED.equals(state)) {
      stateByAccount.remove(accountId);
    } else if (stateByAccount.containsKey(accountId)) {
      stateByAccount.put(accountId, state);
    }
    if (ConnectionState.CONNECTED.equals(state)) {
      login("connected");
    } else if (ConnectionState.FAILED.equals(state)) {
      login(failure == null ? "failed" : failure.code().name().toLowerCase(Locale.ROOT));
    }
  }

  private void login(String result) {
    // Counters are shared by every node of this network in the process; not removed on stop.
    Counter.builder("parley.logins").description("IM logins by how they ended")
        .tags("network", network, "result", result).register(registry).increment();
  }

  void gone(String accountId) {
    stateByAccount.remove(accountId);
  }

  void messageIn() {
    messagesIn.increment();
  }

  void messageOut() {
    messagesOut.increment();
  }

  void eventDropped() {
    eventsDropped.increment();
  }

  /** Removes this node's gauges when it stops, so a stopped node does not report sessions. */
  void close() {
    meters.stream().filter(Gauge.class::isInstance).forEach(registry::remove);
  }
}
