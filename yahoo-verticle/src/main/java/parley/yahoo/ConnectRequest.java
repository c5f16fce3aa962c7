package parley.yahoo;

import io.vertx.core.json.JsonObject;
import parley.contract.node.Connect;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;

/**
 * A validated {@code connect} command. YMSG has no server discovery, so host and port are required;
 * {@code tls} is ignored (YMSG runs on plain TCP). {@link #toString()} never shows the password.
 */
record ConnectRequest(String accountId, String userId, String yahooId, String password, String host, int port,
    OwnPresence presence) {

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    Connect connect = Connect.fromJson(body);
    String yahooId = YahooIds.field(connect.login(), "login");
    String password = NodeFields.require(connect.password(), "password");
    String host = NodeFields.require(connect.host(), "host").trim();
    if (connect.port() == null) {
      throw NodeFields.invalid("port");
    }
    return new ConnectRequest(accountId, userId, yahooId, password, host, connect.port(), OwnPresence.of(connect.presence()));
  }

  String where() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "connect Yahoo " + yahooId + " (account " + accountId + ", server " + where() + ")";
  }
}
