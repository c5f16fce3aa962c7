package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import parley.contract.BrowserEvent;

/** {@code networks}: the whole list of network descriptors the running protocol nodes describe changed. */
public record NetworksEvent(JsonArray networks) implements BrowserEventBody {
  @Override
  public String type() {
    return BrowserEvent.NETWORKS;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("networks", networks);
  }

  /** Fails without the {@code networks} array. */
  public static NetworksEvent fromJson(JsonObject json) {
    return new NetworksEvent(EventJson.requireArray(json, "networks"));
  }
}
