package parley.xmpp;

import io.vertx.core.json.JsonObject;
import parley.contract.NetworkDescriptor;
import parley.contract.node.Connect;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;

/**
 * A validated {@code connect} command. {@link #toString()} never shows the password.
 * {@code archiveAfter}: the last archive id the session stored for the account, or null the first time.
 */
record ConnectRequest(String accountId, String userId, BareJid jid, String password, String host,
    Integer port, boolean tlsRequired, OwnPresence presence, String archiveAfter) {

  /** Longer archive ids than this are refused (XEP-0359 ids are short; Prosody's are 36 characters). */
  static final int MAX_ARCHIVE_ID = 200;

  static ConnectRequest parse(JsonObject body) {
    String accountId = NodeFields.requireString(body, "accountId");
    String userId = NodeFields.requireString(body, "userId");
    Connect connect = Connect.fromJson(body);
    BareJid jid = Fields.bareJid(connect.login(), "login");
    String password = NodeFields.require(connect.password(), "password");
    String host = connect.host() == null || connect.host().isBlank() ? null : connect.host();
    String archiveAfter = connect.archiveAfter();
    if (archiveAfter != null && (archiveAfter.isEmpty() || archiveAfter.length() > MAX_ARCHIVE_ID)) {
      throw NodeFields.invalid("archiveAfter");
    }
    return new ConnectRequest(accountId, userId, jid, password, host, connect.port(), connect.tlsRequired(),
        Fields.carriable(OwnPresence.of(connect.presence())), Fields.carriable("The archive id", archiveAfter));
  }

  @Override
  public String toString() {
    return "connect " + jid + " (account " + accountId + ", host " + (host == null ? "from DNS" : host)
        + ", port " + port + ", tls " + (tlsRequired ? NetworkDescriptor.TLS_REQUIRED : NetworkDescriptor.TLS_IF_OFFERED) + ")";
  }
}
