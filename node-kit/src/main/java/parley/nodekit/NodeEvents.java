package parley.nodekit;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import java.util.function.Supplier;
import parley.boot.ShardRouter;
import parley.boot.LogContext;
import parley.contract.Headers;
import parley.contract.NodeEvent;
import parley.contract.Shards;
import parley.contract.node.ArchiveSynced;
import parley.contract.node.ConnectionStateChanged;
import parley.contract.node.Failure;
import parley.contract.node.MessageReceived;
import parley.contract.node.NodeEventBody;
import parley.contract.node.NodeEventEnvelope;

/**
 * Sends one connection's events to the session process owning the user's shard, stamped with node,
 * user, account, the connection's id and an event id unique to the node (the session applies an
 * event sent twice once).
 */
public final class NodeEvents {
  private final EventBus bus;
  private final String nodeId;
  private final String userId;
  private final String accountId;
  /** The session's name for this connection (its connect's {@code connectionId}); null when it named none. */
  private final String connectionId;
  /** Count states and failures for the node's status and metrics; null where nobody counts (unit tests). */
  private final NodeStatusReporter status;
  private final NodeMeters meters;
  /** The node's router and event ids; null in unit tests, where events are sent once without waiting. */
  private final ShardRouter router;
  private final Supplier<String> eventIds;
  /** The last {@code connection-state} sent, for a {@code resync}. */
  private ConnectionStateChanged lastState;
  /** The archive id ({@code archiveId} or {@code lastId}) of the last event the router took: where a gap begins. */
  private String lastArchiveId;
  /** The router dropped an event of this account (its shard's buffer was full) since the gap was last filled. */
  private boolean dropped;
  /** {@link #lastArchiveId} when the first of those was dropped. */
  private String gapAfter;

  public NodeEvents(EventBus bus, String nodeId, String userId, String accountId) {
    this(bus, nodeId, userId, accountId, null, null, null, null, null);
  }

  NodeEvents(EventBus bus, String nodeId, String userId, String accountId, String connectionId, NodeStatusReporter status,
      NodeMeters meters, ShardRouter router, Supplier<String> eventIds) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.userId = userId;
    this.accountId = accountId;
    this.connectionId = connectionId;
    this.status = status;
    this.meters = meters;
    this.router = router;
    this.eventIds = eventIds;
  }

  /** The ids of this account's work, for its log lines ({@link LogContext}). */
  public LogContext logContext() {
    return LogContext.of(userId, accountId, nodeId);
  }

  /** A typed event. */
  public void send(NodeEventBody event) {
    if (meters != null && NodeEvent.MESSAGE_RECEIVED.equals(event.type())) {
      meters.messageIn();
    }
    if (router != null) {
      if (router.send(userId, NodeEventEnvelope.of(event, nodeId, userId, accountId, connectionId, eventIds.get()).toJson())) {
        String archiveId = event instanceof MessageReceived m ? m.archiveId()
            : event instanceof ArchiveSynced synced ? synced.lastId() : null;
        if (archiveId != null) {
          lastArchiveId = archiveId;
        }
      } else if (!dropped) {
        dropped = true;
        gapAfter = lastArchiveId;
      }
    } else {
      bus.send(Shards.address(userId, Shards.DEFAULT_COUNT), NodeEventEnvelope.of(event, nodeId, userId, accountId, connectionId, null).toJson(),
          new DeliveryOptions().addHeader(Headers.KIND, Headers.KIND_IM_EVENT));
    }
  }

  /** A {@code connection-state} event, with the failure if there is one. */
  public void state(String state, ImFailure failure) {
    state(state, failure, null);
  }

  /** A {@code connection-state} event; {@code features}: what the IM server offers (see docs/bus-contract.md), or null. */
  public void state(String state, ImFailure failure, JsonArray features) {
    state(state, failure, features, null);
  }

  /** As {@link #state(String, ImFailure, JsonArray)}, with the largest file the server's upload service takes (null: none named). */
  public void state(String state, ImFailure failure, JsonArray features, Long uploadMaxBytes) {
    ConnectionStateChanged event = new ConnectionStateChanged(state,
        features == null ? null : features.stream().map(String::valueOf).toList(),
        failure == null ? null : Failure.of(failure.code(), failure.text()), uploadMaxBytes);
    if (meters != null) {
      meters.state(accountId, state, failure);
    }
    lastState = event;
    send(event);
    if (status != null) {
      status.state(accountId, state, failure);
    }
  }

  public String userId() {
    return userId;
  }

  /** Whether the router dropped an event of this account since {@link #gapFilled}. */
  boolean dropped() {
    return dropped;
  }

  /**
   * The gap is being filled: answers the archive id of the last event taken before the first one
   * dropped (null when none had one), and forgets the gap.
   */
  String gapFilled() {
    String after = gapAfter;
    dropped = false;
    gapAfter = null;
    return after;
  }

  /** The account's {@code connection-state} again, as last sent (a {@code resync}: counted nowhere else). */
  public void resendState() {
    if (lastState != null) {
      send(lastState);
    }
  }
}
