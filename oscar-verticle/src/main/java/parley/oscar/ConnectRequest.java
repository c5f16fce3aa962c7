package parley.oscar;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Connect;
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
    Connect connect = Connect.fromJson(body);
    String screenName = Fields.screenName(connect.login(), "login");
    String password = NodeFields.require(connect.password(), "password");
    String host = NodeFields.require(connect.host(), "host").trim();
    if (connect.port() == null) {
      throw NodeFields.invalid("port");
    }
    return new ConnectRequest(accountId, userId, screenName, password, host, connect.port(), OwnPresence.of(connect.presence()));
  }

  boolean icq() {
    return ScreenNames.isUin(screenName);
  }

  @Override
  public String toString() {
    return "connect " + (icq() ? "ICQ " : "AIM ") + screenName + " (account " + accountId + ", server " + host + ":" + port + ")";
  }
}
