package parley.contract.node;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import parley.contract.Addresses;
import parley.contract.NodeEvent;
import parley.contract.boot.LogContext;

/** Sends one account's events to the session, stamped with node, user and account. */
public final class NodeEvents {
  private final EventBus bus;
  private final String nodeId;
  private final String userId;
  private final String accountId;
  /** Count states and failures for the node's status and metrics; null where nobody counts (unit tests). */
  private final NodeStatusReporter status;
  private final NodeMeters meters;

  public NodeEvents(EventBus bus, String nodeId, String userId, String accountId) {
    this(bus, nodeId, userId, accountId, null, null);
  }

  NodeEvents(EventBus bus, String nodeId, String userId, String accountId, NodeStatusReporter status,
      NodeMeters meters) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.userId = userId;
    this.accountId = accountId;
    this.status = status;
    this.meters = meters;
  }

  /** The ids of this account's work, for its log lines ({@link LogContext}). */
  public LogContext logContext() {
    return LogContext.of(userId, accountId, nodeId);
  }

  public void send(String type, JsonObject body) {
    body.put("type", type).put("nodeId", nodeId).put("userId", userId).put("accountId", accountId);
    if (meters != null && NodeEvent.MESSAGE_RECEIVED.equals(type)) {
      meters.messageIn();
    }
    bus.send(Addresses.SESSION_IM_EVENTS, body);
  }

  /** A {@code connection-state} event, with the failure if there is one. */
  public void state(String state, ImFailure failure) {
    JsonObject body = new JsonObject().put("state", state);
    if (failure != null) {
      body.put("error", failure.code().toJson(failure.text()));
    }
    if (meters != null) {
      meters.state(accountId, state, failure);
    }
    send(NodeEvent.CONNECTION_STATE, body);
    if (status != null) {
      status.state(accountId, state, failure);
    }
  }
}
