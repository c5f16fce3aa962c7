package parley.xmpp;

import io.vertx.core.json.JsonObject;
import org.jxmpp.jid.EntityBareJid;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Presence;

/** A validated {@code connect} command. {@link #toString()} never shows the password. */
record ConnectRequest(String accountId, String userId, EntityBareJid jid, String password, String host,
    Integer port, boolean tlsRequired, OwnPresence presence) {

  static final String TLS_REQUIRED = "required";
  static final String TLS_IF_OFFERED = "if-offered";

  static ConnectRequest parse(JsonObject body) {
    String accountId = Fields.requireString(body, "accountId");
    String userId = Fields.requireString(body, "userId");
    EntityBareJid jid = Fields.entityJid(body, "login");
    String password = Fields.requireString(body, "password");
    if (password.length() > 1024) {
      throw Fields.invalid("password");
    }
    String host = Fields.optionalString(body, "host", null);
    if (host != null && host.isBlank()) {
      host = null;
    }
    Integer port = Fields.optionalPort(body, "port");
    String tls = Fields.optionalString(body, "tls", TLS_REQUIRED);
    if (!tls.equals(TLS_REQUIRED) && !tls.equals(TLS_IF_OFFERED)) {
      throw Fields.invalid("tls");
    }
    JsonObject presence = body.getValue("presence") instanceof JsonObject p ? p : new JsonObject();
    return new ConnectRequest(accountId, userId, jid, password, host, port, tls.equals(TLS_REQUIRED),
        OwnPresence.parse(presence));
  }

  @Override
  public String toString() {
    return "connect " + jid + " (account " + accountId + ", host " + (host == null ? "from DNS" : host)
        + ", port " + port + ", tls " + (tlsRequired ? TLS_REQUIRED : TLS_IF_OFFERED) + ")";
  }

  /** The user's own presence: a {@link Presence#SETTABLE} show and a status text. */
  record OwnPresence(String show, String status) {
    static final OwnPresence DEFAULT = new OwnPresence(Presence.AVAILABLE, "");

    static OwnPresence parse(JsonObject body) {
      String show = Fields.optionalString(body, "show", Presence.AVAILABLE);
      if (!Presence.SETTABLE.contains(show)) {
        throw Fields.invalid("show");
      }
      String status = Fields.optionalString(body, "status", "");
      if (status.length() > Limits.MAX_STATUS_CHARS) {
        throw FailureCode.TEXT_TOO_LONG.exception(
            "The status is longer than " + Limits.MAX_STATUS_CHARS + " characters.");
      }
      return new OwnPresence(show, status);
    }
  }
}
