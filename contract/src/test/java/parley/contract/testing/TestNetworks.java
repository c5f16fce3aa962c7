package parley.contract.testing;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import parley.contract.Addresses;
import parley.contract.NetworkDescriptor;

/**
 * The descriptors the real protocol nodes publish, from {@code networks.json} next to this class
 * (each node module's test checks its own descriptor against it; the page's tests read it too),
 * and a stand-in for the nodes' advertisers in tests that stand in for the nodes.
 */
public final class TestNetworks {
  private TestNetworks() {}

  /**
   * The ids of the networks in {@code networks.json}, for tests that stand in for the nodes (the
   * ids themselves belong to the node modules: XmppNetwork.ID, OscarNetwork.ID, IrcNetwork.ID).
   */
  public static final String XMPP = "xmpp";
  public static final String OSCAR = "oscar";
  public static final String IRC = "irc";

  public static List<NetworkDescriptor> all() {
    try (InputStream in = TestNetworks.class.getResourceAsStream("networks.json")) {
      JsonArray list = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      List<NetworkDescriptor> out = new ArrayList<>();
      list.forEach(o -> out.add(NetworkDescriptor.fromJson(o)));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static NetworkDescriptor of(String network) {
    return all().stream().filter(d -> d.network().equals(network)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No test descriptor for " + network));
  }

  /**
   * Advertises {@code networks} (all when none is named) as their nodes would: now, and whenever a
   * session process starting asks. Register it before deploying the session.
   */
  public static MessageConsumer<JsonObject> advertise(Vertx vertx, String... networks) {
    List<NetworkDescriptor> chosen = networks.length == 0 ? all()
        : Arrays.stream(networks).map(TestNetworks::of).toList();
    Runnable publish = () -> chosen.forEach(d ->
        vertx.eventBus().publish(Addresses.NETWORKS, d.toJson().put("type", NetworkDescriptor.TYPE)));
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.NETWORKS, m -> {
      if (NetworkDescriptor.WANTED.equals(m.body().getString("type"))) {
        publish.run();
      }
    });
    consumer.completion().await();
    publish.run();
    return consumer;
  }
}
