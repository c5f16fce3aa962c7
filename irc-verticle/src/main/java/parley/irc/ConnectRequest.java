package parley.irc;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.node.Connect;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;

/**
 * A validated {@code connect} command. IRC has no server discovery: the host is required; the port
 * defaults to 6697 with TLS ({@code tls: required}) and 6667 without ({@code if-offered}: IRC servers do
 * not offer TLS on their plain port, so that means plain text). The password, when given, signs in
 * with SASL where offered, else with NickServ. {@link #toString()} never shows the password.
 */
record ConnectRequest(String accountId, String userId, String nick, String password, String host, int port,
    boolean tls, OwnPresence presence, String archiveAfter) {

  static final int TLS_PORT = 6697;
  static final int PLAIN_PORT = 6667;

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    Connect connect = Connect.fromJson(body);
    String nick = connect.login().trim();
    if (!Names.nick(nick)) {
      throw FailureCode.INVALID_JID.exception("The login must be " + Names.NICK_RULE + ".");
    }
    String password = connect.password();
    // NickServ gets it in a line of its own: a line break would end that line and start another.
    if (password != null && (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0 || password.indexOf('\0') >= 0)) {
      throw FailureCode.INVALID_FIELD.exception("An IRC password cannot hold line breaks or NUL.");
    }
    String host = NodeFields.require(connect.host(), "host").trim();
    boolean tls = connect.tlsRequired();
    Integer port = connect.port();
    return new ConnectRequest(accountId, userId, nick, password == null || password.isEmpty() ? null : password, host,
        port != null ? port : tls ? TLS_PORT : PLAIN_PORT, tls, OwnPresence.of(connect.presence()),
        archiveAfter(connect.archiveAfter()));
  }

  /** The session's archive position: a server time the node reported (chathistory), or null for anything else. */
  private static String archiveAfter(String s) {
    if (s == null) {
      return null;
    }
    try {
      java.time.Instant.parse(s);
      return s;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "connect IRC " + nick + " (account " + accountId + ", server " + host + ":" + port + (tls ? ", TLS" : ", plain") + ")";
  }
}
