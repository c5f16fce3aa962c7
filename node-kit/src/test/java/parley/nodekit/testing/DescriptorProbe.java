package parley.nodekit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import parley.contract.Addresses;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeStatus;

/** Listens on {@link Addresses#NETWORKS} as a session process does, for a node test: what the node advertises. */
public final class DescriptorProbe implements AutoCloseable {
  private final Vertx vertx;
  private final String network;
  private final BlockingQueue<JsonObject> heard = new LinkedBlockingQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  public DescriptorProbe(Vertx vertx, String network) {
    this.vertx = vertx;
    this.network = network;
    consumer = vertx.eventBus().consumer(Addresses.NETWORKS, m -> {
      if (NetworkDescriptor.TYPE.equals(m.body().getString("type")) && network.equals(m.body().getString("network"))) {
        heard.add(m.body());
      }
    });
    consumer.completion().await();
  }

  /** The node's next descriptor, parsed (so validated as a session parses it); fails after {@code maxMs}. */
  public NetworkDescriptor next(long maxMs) throws InterruptedException {
    JsonObject json = heard.poll(maxMs, TimeUnit.MILLISECONDS);
    if (json == null) {
      fail("No " + network + " descriptor published within " + maxMs + " ms");
    }
    return NetworkDescriptor.fromJson(json);
  }

  /** The descriptor the node publishes on its own, within one status interval (and a margin). */
  public NetworkDescriptor periodic() throws InterruptedException {
    heard.clear();
    return next(NodeStatus.INTERVAL_MS + 2_000);
  }

  /** Asks as a session process starting does, and the descriptor that answers (well within an interval). */
  public NetworkDescriptor asked() throws InterruptedException {
    heard.clear();
    vertx.eventBus().publish(Addresses.NETWORKS, new JsonObject().put("type", NetworkDescriptor.WANTED));
    return next(NodeStatus.INTERVAL_MS / 2);
  }

  @Override
  public void close() {
    consumer.unregister().await();
  }
}
