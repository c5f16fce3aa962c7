package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;

/**
 * {@code connect}: sign an account in with its {@code login} (in the network's own form, which its
 * node checks) and {@code password} (null when absent: IRC signs in without one); {@code host} and
 * {@code port} null when absent (XMPP finds them in DNS; the other nodes require what they need);
 * {@code tls} {@link NetworkDescriptor#TLS_REQUIRED} or {@link NetworkDescriptor#TLS_IF_OFFERED}; {@code presence} the user's own;
 * {@code archiveAfter} the last archive position the session stored, null the first time. The
 * envelope adds {@code accountId}, {@code userId} and {@code connectionId} (the session's name for
 * this connection, which the node's events of it carry: a node may hold a later connection of the
 * same account). {@link #toString()} never shows the password.
 */
public record Connect(String login, String password, String host, Integer port, String tls, SetPresence presence,
    String archiveAfter) implements NodeCommandBody {

  /** Longer passwords are refused: no IM server takes one, and a node need not carry it. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  @Override
  public String type() {
    return NodeCommand.CONNECT;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("login", login);
    Json.putIf(json, "password", password);
    Json.putIf(json, "host", host);
    Json.putIf(json, "port", port);
    return Json.putIf(json.put("tls", tls).put("presence", presence.toJson()), "archiveAfter", archiveAfter);
  }

  /**
   * Fails without a login, with a password longer than {@link #MAX_PASSWORD_CHARS}, a port outside
   * 1-65535, a tls other than required or if-offered (required when absent), or a presence the user cannot set.
   */
  public static Connect fromJson(JsonObject json) {
    String login = Json.requireString(json, "login");
    String password = Json.optionalString(json, "password", null);
    if (password != null && password.length() > MAX_PASSWORD_CHARS) {
      throw Json.invalid("password");
    }
    String host = Json.optionalString(json, "host", null);
    Long port = Json.optionalLong(json, "port");
    if (port != null && (port < 1 || port > 65535)) {
      throw Json.invalid("port");
    }
    String tls = Json.optionalString(json, "tls", NetworkDescriptor.TLS_REQUIRED);
    if (!NetworkDescriptor.TLS_REQUIRED.equals(tls) && !NetworkDescriptor.TLS_IF_OFFERED.equals(tls)) {
      throw FailureCode.INVALID_FIELD.exception("The field 'tls' must be 'required' or 'if-offered'.");
    }
    Object presence = json.getValue("presence");
    if (presence != null && !(presence instanceof JsonObject)) {
      throw Json.invalid("presence");
    }
    return new Connect(login, password, host, port == null ? null : port.intValue(), tls,
        presence == null ? SetPresence.AVAILABLE : SetPresence.fromJson((JsonObject) presence),
        Json.optionalString(json, "archiveAfter", null));
  }

  public boolean tlsRequired() {
    return NetworkDescriptor.TLS_REQUIRED.equals(tls);
  }

  @Override
  public String toString() {
    return "Connect[login=" + login + ", password=" + (password == null ? "none" : "(hidden)") + ", host=" + host
        + ", port=" + port + ", tls=" + tls + ", presence=" + presence + ", archiveAfter=" + archiveAfter + "]";
  }
}
