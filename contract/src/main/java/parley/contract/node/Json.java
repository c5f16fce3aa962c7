package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Reads the fields of these bodies, failing in words with the contract's codes. */
final class Json {
  private Json() {}

  static String requireString(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String s) || s.isBlank()) {
      throw invalid(field);
    }
    return s;
  }

  /** An address in the network's own form (its node checks the form): INVALID_JID in words when missing. */
  static String requireAddress(JsonObject json, String field, String what) {
    if (!(json.getValue(field) instanceof String s) || s.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field '" + field + "' must name " + what + ".");
    }
    return s;
  }

  static boolean requireBoolean(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof Boolean b)) {
      throw invalid(field);
    }
    return b;
  }

  /** A string, or {@code fallback} when absent (null); any other type is invalid. */
  static String optionalString(JsonObject json, String field, String fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  static boolean optionalBoolean(JsonObject json, String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw invalid(field);
    }
    return b;
  }

  /** A whole number, or null when absent. */
  static Long optionalLong(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.longValue() != n.doubleValue()) {
      throw invalid(field);
    }
    return n.longValue();
  }

  static JsonArray optionalArray(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray a)) {
      throw invalid(field);
    }
    return a;
  }

  /**
   * An id a peer's client or server chose: kept when it is a non-empty string of at most {@code max}
   * characters PostgreSQL can hold, else null (the message is kept without it rather than lost).
   */
  static String boundedId(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw invalid(field);
    }
    return value instanceof String id && !id.isEmpty() && id.length() <= max && id.indexOf('\u0000') < 0 ? id : null;
  }

  /** The longest room address a node may name (an XMPP JID's limit). */
  static final int MAX_ROOM_CHARS = 3071;

  /** The {@code room} of a group-chat event: a non-blank string of at most {@link #MAX_ROOM_CHARS}. */
  static String requireRoom(JsonObject json) {
    String room = requireString(json, "room");
    if (room.length() > MAX_ROOM_CHARS) {
      throw invalid("room");
    }
    return room;
  }

  /** A string that may be empty but not absent. */
  static String requireText(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  /** Like {@link #boundedId}, but required: a missing, empty or too long id is invalid. */
  static String requireBoundedId(JsonObject json, String field, int max) {
    String id = boundedId(json, field, max);
    if (id == null) {
      throw invalid(field);
    }
    return id;
  }

  /** Puts the field only when it has a value: an absent optional field is left out, not null. */
  static JsonObject putIf(JsonObject json, String field, Object value) {
    return value == null ? json : json.put(field, value);
  }

  static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
