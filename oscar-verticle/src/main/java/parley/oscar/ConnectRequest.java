package parley.oscar;

import io.vertx.core.json.JsonObject;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;

/**
 * A validated {@code connect} command. OSCAR has no server discovery, so host and port are
 * required; {@code tls} is ignored (OSCAR runs on plain TCP). {@link #toString()} never shows the password.
 */
record ConnectRequest(String accountId, String userId, String screenName, String password, String host,
    int port, OwnPresence presence) {

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    String screenName = Fields.screenName(body, "login");
    String password = NodeFields.password(body);
    String host = NodeFields.requireString(body, "host").trim();
    int port = Fields.requirePort(body, "port");
    return new ConnectRequest(accountId, userId, screenName, password, host, port, OwnPresence.ofConnect(body));
  }

  boolean icq() {
    return ScreenNames.isUin(screenName);
  }

  @Override
  public String toString() {
    return "connect " + (icq() ? "ICQ " : "AIM ") + screenName + " (account " + accountId + ", server " + host + ":" + port + ")";
  }
}
