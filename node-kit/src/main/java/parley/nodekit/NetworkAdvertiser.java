package parley.nodekit;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import parley.contract.Addresses;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeStatus;

/**
 * Tells the session processes what this node's network is and can do: its {@link NetworkDescriptor}
 * published to {@link Addresses#NETWORKS} when the node starts, every {@link NodeStatus#INTERVAL_MS}
 * (a session process started later learns it within one interval), and at once when a session
 * process starting asks for it ({@link NetworkDescriptor#WANTED}). Only processes inside the
 * cluster reach that address (the bridge does not), so asking costs an attacker nothing to gain.
 */
public final class NetworkAdvertiser {
  private final Vertx vertx;
  private final JsonObject published;
  private long timer = -1;
  private MessageConsumer<Object> wanted;

  public NetworkAdvertiser(Vertx vertx, NetworkDescriptor descriptor) {
    this.vertx = vertx;
    this.published = descriptor.toJson().put("type", NetworkDescriptor.TYPE);
  }

  /** Publishes now, then every interval and whenever asked; on the node's context. */
  public void start() {
    wanted = vertx.eventBus().consumer(Addresses.NETWORKS, msg -> {
      if (msg.body() instanceof JsonObject body && NetworkDescriptor.WANTED.equals(body.getString("type"))) {
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
  }

  private void publish() {
    vertx.eventBus().publish(Addresses.NETWORKS, published.copy());
  }
}
