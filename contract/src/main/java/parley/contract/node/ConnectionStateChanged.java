package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import parley.contract.ConnectionState;
import parley.contract.NodeEvent;

/**
 * {@code connection-state}: one of the {@link ConnectionState}s; {@code features}: what the IM
 * server offers, null when the node did not say; {@code error}: why, null when nothing failed;
 * {@code uploadMaxBytes}: the largest file the server's upload service takes, null when it names
 * no limit or has no such service.
 */
public record ConnectionStateChanged(String state, List<String> features, Failure error, Long uploadMaxBytes)
    implements NodeEventBody {
  private static final Set<String> STATES = Set.of(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING,
      ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.FAILED);

  public ConnectionStateChanged {
    features = features == null ? null : List.copyOf(features);
  }

  /** A state without an upload limit (every network but XMPP, and XMPP but when connected). */
  public ConnectionStateChanged(String state, List<String> features, Failure error) {
    this(state, features, error, null);
  }

  @Override
  public String type() {
    return NodeEvent.CONNECTION_STATE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("state", state);
    Json.putIf(json, "features", features == null ? null : new JsonArray(new ArrayList<>(features)));
    Json.putIf(json, "uploadMaxBytes", uploadMaxBytes);
    return Json.putIf(json, "error", error == null ? null : error.toJson());
  }

  /** Fails on a state that is not one of {@link ConnectionState}'s, or a field of the wrong shape. */
  public static ConnectionStateChanged fromJson(JsonObject json) {
    String state = Json.requireString(json, "state");
    if (!STATES.contains(state)) {
      throw Json.invalid("state");
    }
    JsonArray offered = Json.optionalArray(json, "features");
    List<String> features = null;
    if (offered != null) {
      features = new ArrayList<>();
      for (Object f : offered) {
        if (!(f instanceof String name)) {
          throw Json.invalid("features");
        }
        features.add(name);
      }
    }
    Long uploadMaxBytes = Json.optionalLong(json, "uploadMaxBytes");
    if (uploadMaxBytes != null && uploadMaxBytes <= 0) {
      throw Json.invalid("uploadMaxBytes");
    }
    return new ConnectionStateChanged(state, features, Failure.optional(json, "error"), uploadMaxBytes);
  }
}
