package parley.nodekit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/** Reads node command fields, failing with the contract's codes. */
public final class NodeFields {
  private NodeFields() {}

  /** The message body as a JSON object, or {@code MALFORMED}. */
  public static JsonObject body(Object body) {
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

  public static String requireString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid(field);
    }
    return s;
  }

  public static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  public static boolean requireBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof Boolean b)) {
      throw invalid(field);
    }
    return b;
  }

  /** A port 1-65535, or null when absent. */
  public static Integer optionalPort(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.intValue() != n.doubleValue() || n.intValue() < 1 || n.intValue() > 65535) {
      throw invalid(field);
    }
    return n.intValue();
  }

  /** An account password as a node accepts it. */
  public static String password(JsonObject body) {
    String password = requireString(body, "password");
    if (password.length() > 1024) {
      throw invalid("password");
    }
    return password;
  }

  public static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
