package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.BrowserEvent;
import parley.contract.NetworkDescriptor;

/** {@code networks}: the whole list of network descriptors the running protocol nodes describe changed. */
public record NetworksEvent(List<NetworkDescriptor> networks) implements BrowserEventBody {
  public NetworksEvent {
    networks = List.copyOf(networks);
  }

  @Override
  public String type() {
    return BrowserEvent.NETWORKS;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("networks", NetworkDescriptor.toJson(networks));
  }

  /** Fails without the {@code networks} array, or with an entry that is not a valid descriptor. */
  public static NetworksEvent fromJson(JsonObject json) {
    List<NetworkDescriptor> networks = new ArrayList<>();
    for (Object d : EventJson.requireArray(json, "networks")) {
      try {
        networks.add(NetworkDescriptor.fromJson(d));
      } catch (IllegalArgumentException e) {
        throw EventJson.invalid("networks");
      }
    }
    return new NetworksEvent(networks);
  }
}
