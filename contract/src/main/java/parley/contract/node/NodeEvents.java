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
  /** Counts states and failures for the node's status; null where nobody counts (unit tests). */
  private final NodeStatusReporter status;

  public NodeEvents(EventBus bus, String nodeId, String userId, String accountId) {
    this(bus, nodeId, userId, accountId, null);
  }

  public NodeEvents(EventBus bus, String nodeId, String userId, String accountId, NodeStatusReporter status) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.userId = userId;
    this.accountId = accountId;
    this.status = status;
  }

  /** The ids of this account's work, for its log lines ({@link LogContext}). */
  public LogContext logContext() {
    return LogContext.of(userId, accountId, nodeId);
  }

  public void send(String type, JsonObject body) {
    body.put("type", type).put("nodeId", nodeId).put("userId", userId).put("accountId", accountId);
    bus.send(Addresses.SESSION_IM_EVENTS, body);
  }

  /** A {@code connection-state} event, with the failure if there is one. */
  public void state(String state, ImFailure failure) {
    JsonObject body = new JsonObject().put("state", state);
    if (failure != null) {
      body.put("error", failure.code().toJson(failure.text()));
    }
    send(NodeEvent.CONNECTION_STATE, body);
    if (status != null) {
      status.state(accountId, state, failure);
    }
  }
}
