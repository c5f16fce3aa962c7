package parley.msn;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.node.Connect;
import parley.msn.wire.Names;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;

/**
 * A validated {@code connect} command. MSN has no server discovery, so host and port are required;
 * {@code tls} is ignored (MSNP runs on plain TCP; the Passport login goes over the login URL's own
 * scheme). {@link #toString()} never shows the password.
 */
record ConnectRequest(String accountId, String userId, String email, String password, String host, int port,
    OwnPresence presence) {

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    Connect connect = Connect.fromJson(body);
    String email = connect.login().trim();
    if (!Names.email(email)) {
      throw FailureCode.INVALID_JID.exception("The login must be " + Names.EMAIL_RULE + ".");
    }
    String password = NodeFields.require(connect.password(), "password");
    String host = NodeFields.require(connect.host(), "host").trim();
    return new ConnectRequest(accountId, userId, Names.key(email), password, host,
        connect.port() == null ? MsnNetwork.DEFAULT_PORT : connect.port(), OwnPresence.of(connect.presence()));
  }

  @Override
  public String toString() {
    return "connect MSN " + email + " (account " + accountId + ", server " + host + ":" + port + ")";
  }
}
