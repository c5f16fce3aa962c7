package parley.session;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.node.Drain;
import parley.contract.nodes.NodeDrainStarted;
import parley.contract.nodes.NodesDrain;
import parley.contract.nodes.NodesDrained;

/**
 * An admin's {@code nodes.drain} (the admin page or the web's admin route): checked against the
 * nodes running now, then asked of the node itself, which refuses a second drain. The node moves
 * its accounts; the sessions that own them make each move (NodeLink#move).
 */
final class NodeDrains {
  private static final Logger log = LoggerFactory.getLogger(NodeDrains.class);
  private final EventBus bus;
  private final NodeDirectory directory;
  private final DeliveryOptions options;

  NodeDrains(EventBus bus, NodeDirectory directory, long requestTimeoutMs) {
    this.bus = bus;
    this.directory = directory;
    this.options = new DeliveryOptions().setSendTimeout(requestTimeoutMs);
  }

  Future<NodesDrained> drain(String adminId, NodesDrain request) {
    String nodeId = request.nodeId();
    ParleyException refusal = directory.drainRefusal(nodeId);
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    String network = directory.network(nodeId);
    return bus.<JsonObject>request(Addresses.node(nodeId), NodeLink.message(new Drain(), null), options)
        .recover(err -> Future.failedFuture(err instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? FailureCode.of(r.failureCode()).exception(r.getMessage())
            : FailureCode.INVALID_FIELD.exception("That node did not answer (it may have stopped); nothing was drained.")))
        .map(reply -> {
          directory.drainStarted(nodeId);
          int held = NodeDrainStarted.fromJson(reply.body()).held();
          log.info("Admin {} drains {} node {}: {} account(s) to move", adminId, network, nodeId, held);
          return new NodesDrained(nodeId, network, held);
        });
  }
}
