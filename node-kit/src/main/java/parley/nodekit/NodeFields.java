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

  /** A field of a typed command this node requires although the contract lets it be absent: not blank. */
  public static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(field);
    }
    return value;
  }

  public static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
