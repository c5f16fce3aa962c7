package parley.xmpp;

import io.vertx.core.json.JsonObject;
import parley.contract.node.NodeFields;
import parley.contract.node.OwnPresence;

/** A validated {@code connect} command. {@link #toString()} never shows the password. */
record ConnectRequest(String accountId, String userId, BareJid jid, String password, String host,
    Integer port, boolean tlsRequired, OwnPresence presence) {

  static final String TLS_REQUIRED = "required";
  static final String TLS_IF_OFFERED = "if-offered";

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    BareJid jid = Fields.bareJid(body, "login");
    String password = NodeFields.password(body);
    String host = NodeFields.optionalString(body, "host", null);
    if (host != null && host.isBlank()) {
      host = null;
    }
    Integer port = NodeFields.optionalPort(body, "port");
    String tls = NodeFields.optionalString(body, "tls", TLS_REQUIRED);
    if (!tls.equals(TLS_REQUIRED) && !tls.equals(TLS_IF_OFFERED)) {
      throw NodeFields.invalid("tls");
    }
    return new ConnectRequest(accountId, userId, jid, password, host, port, tls.equals(TLS_REQUIRED),
        Fields.carriable(OwnPresence.ofConnect(body)));
  }

  @Override
  public String toString() {
    return "connect " + jid + " (account " + accountId + ", host " + (host == null ? "from DNS" : host)
        + ", port " + port + ", tls " + (tlsRequired ? TLS_REQUIRED : TLS_IF_OFFERED) + ")";
  }
}
