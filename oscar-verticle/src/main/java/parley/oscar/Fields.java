package parley.oscar;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Reads command fields, failing with the contract's codes. */
final class Fields {
  private Fields() {}

  /** The message body as a JSON object, or {@code MALFORMED}. */
  static JsonObject body(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    try {
      if (body instanceof String text) {
        return new JsonObject(text);
      }
      if (body instanceof Buffer buffer) {
        return new JsonObject(buffer);
      }
    } catch (DecodeException | ClassCastException e) {
      // falls through to MALFORMED
    }
    throw FailureCode.MALFORMED.exception(null);
  }

  static String requireString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid(field);
    }
    return s;
  }

  static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  static int requirePort(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof Number n) || n.intValue() != n.doubleValue() || n.intValue() < 1 || n.intValue() > 65535) {
      throw invalid(field);
    }
    return n.intValue();
  }

  static boolean requireBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof Boolean b)) {
      throw invalid(field);
    }
    return b;
  }

  /** A screen name or ICQ number, normalised. */
  static String screenName(JsonObject body, String field) {
    Object value = body.getValue(field);
    String text = value instanceof String s ? s.trim() : null;
    if (!ScreenNames.valid(text)) {
      throw FailureCode.INVALID_JID.exception("The field '" + field
          + "' must be an AIM screen name (3-16 letters, digits and spaces) or an ICQ number (5-10 digits).");
    }
    return ScreenNames.normalize(text);
  }

  static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
