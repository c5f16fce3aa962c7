package parley.contract.node;

import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;

/** The fields the room and bookmark commands share, each read and refused in words in one place. */
final class RoomFields {
  private RoomFields() {}

  /** Longest nickname a person may take in a room (the session's limit too). */
  static final int MAX_NICK_CHARS = 64;
  /** Longest room password (XMPP) or channel key (IRC) Parley keeps and sends. */
  static final int MAX_PASSWORD_CHARS = 256;
  /** Longest reason of an invitation or a decline. */
  static final int MAX_REASON_CHARS = 500;

  /** The room's address in the network's own form (its node checks the form): a non-blank string. */
  static String room(JsonObject json) {
    if (!(json.getValue("room") instanceof String room) || room.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field 'room' must name the room.");
    }
    return room;
  }

  /** A person's address in the network's own form: a non-blank string. */
  static String jid(JsonObject json, String whom) {
    if (!(json.getValue("jid") instanceof String jid) || jid.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field 'jid' must name " + whom + ".");
    }
    return jid;
  }

  /** A nickname: required, or null when absent and {@code required} is false. */
  static String nick(JsonObject json, boolean required) {
    Object value = json.getValue("nick");
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String nick) || nick.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("The nickname must not be empty.");
    }
    if (nick.length() > MAX_NICK_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("A nickname may have at most " + MAX_NICK_CHARS + " characters.");
    }
    return nick;
  }

  /** A room's password or key: null when absent or empty (a room without one). */
  static String password(JsonObject json) {
    String password = Json.optionalString(json, "password", null);
    if (password != null && password.length() > MAX_PASSWORD_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("A room password may have at most " + MAX_PASSWORD_CHARS + " characters.");
    }
    return password == null || password.isEmpty() ? null : password;
  }

  /** An invitation's or a decline's optional reason. */
  static String reason(JsonObject json) {
    String reason = Json.optionalString(json, "reason", null);
    if (reason != null && reason.length() > MAX_REASON_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception("A reason may have at most " + MAX_REASON_CHARS + " characters.");
    }
    return reason;
  }
}
