package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import parley.contract.node.Failure;

/**
 * An IM account as the page shows it (never its password): {@code id}, {@code network}, {@code login},
 * {@code host}, {@code port} and {@code tls} as stored (null when not set), its connection {@code state}
 * ({@link parley.contract.ConnectionState}) with the failure in words that put it there ({@code error}),
 * the optional {@code features} its IM server offers (null before it connected) and whom it
 * {@code blocked} there. Every field is written, null or not, but {@code uploadMaxBytes} (the largest file
 * its server's upload service takes), written only when the server names one.
 */
public record AccountView(String id, String network, String login, String host, Integer port, String tls, String state,
    Failure error, List<String> features, List<String> blocked, Long uploadMaxBytes) {
  public AccountView {
    features = features == null ? null : List.copyOf(features);
    blocked = List.copyOf(blocked);
  }

  public AccountView(String id, String network, String login, String host, Integer port, String tls, String state,
      Failure error, List<String> features, List<String> blocked) {
    this(id, network, login, host, port, tls, state, error, features, blocked, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("network", network).put("login", login).put("host", host)
        .put("port", port).put("tls", tls).put("state", state).put("error", error == null ? null : error.toJson())
        .put("features", features == null ? null : new JsonArray(new ArrayList<>(features)))
        .put("blocked", new JsonArray(new ArrayList<>(blocked)));
    return uploadMaxBytes == null ? json : json.put("uploadMaxBytes", uploadMaxBytes);
  }

  /** Fails without {@code id}, {@code network}, {@code login}, {@code state} or {@code blocked}, or with a field of the wrong type. */
  public static AccountView fromJson(JsonObject json) {
    return new AccountView(EventJson.requireString(json, "id"), EventJson.requireString(json, "network"),
        EventJson.requireString(json, "login"), EventJson.optionalString(json, "host"), EventJson.optionalInteger(json, "port"),
        EventJson.optionalString(json, "tls"), EventJson.requireString(json, "state"), Failure.optional(json, "error"),
        EventJson.optionalStrings(json, "features"), EventJson.requireStrings(json, "blocked"),
        EventJson.optionalLong(json, "uploadMaxBytes"));
  }
}
