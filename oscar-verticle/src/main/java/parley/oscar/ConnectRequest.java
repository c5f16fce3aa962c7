package parley.oscar;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.Presence;

/**
 * A validated {@code connect} command. OSCAR has no server discovery, so host and port are
 * required; {@code tls} is ignored (OSCAR runs on plain TCP). {@link #toString()} never shows the password.
 */
record ConnectRequest(String accountId, String userId, String screenName, String password, String host,
    int port, OwnPresence presence) {

  static ConnectRequest parse(JsonObject body) {
    String accountId = Fields.requireString(body, "accountId");
    String userId = Fields.requireString(body, "userId");
    String screenName = Fields.screenName(body, "login");
    String password = Fields.requireString(body, "password");
    if (password.length() > 1024) {
      throw Fields.invalid("password");
    }
    String host = Fields.requireString(body, "host").trim();
    int port = Fields.requirePort(body, "port");
    JsonObject presence = body.getValue("presence") instanceof JsonObject p ? p : new JsonObject();
    return new ConnectRequest(accountId, userId, screenName, password, host, port, OwnPresence.parse(presence));
  }

  boolean icq() {
    return ScreenNames.isUin(screenName);
  }

  @Override
  public String toString() {
    return "connect " + (icq() ? "ICQ " : "AIM ") + screenName + " (account " + accountId + ", server " + host + ":" + port + ")";
  }

  /** The user's own presence: a {@link Presence#SETTABLE} show and a status text. */
  record OwnPresence(String show, String status) {
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

    boolean available() {
      return Presence.AVAILABLE.equals(show) || Presence.CHAT.equals(show);
    }
  }
}
