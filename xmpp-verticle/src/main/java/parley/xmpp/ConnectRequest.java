package parley.xmpp;

import io.vertx.core.json.JsonObject;
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
    String archiveAfter = NodeFields.optionalString(body, "archiveAfter", null);
    if (archiveAfter != null && (archiveAfter.isEmpty() || archiveAfter.length() > MAX_ARCHIVE_ID)) {
      throw NodeFields.invalid("archiveAfter");
    }
    return new ConnectRequest(accountId, userId, jid, password, host, port, tls.equals(TLS_REQUIRED),
        Fields.carriable(OwnPresence.ofConnect(body)), Fields.carriable("The archive id", archiveAfter));
  }

  @Override
  public String toString() {
    return "connect " + jid + " (account " + accountId + ", host " + (host == null ? "from DNS" : host)
        + ", port " + port + ", tls " + (tlsRequired ? TLS_REQUIRED : TLS_IF_OFFERED) + ")";
  }
}
