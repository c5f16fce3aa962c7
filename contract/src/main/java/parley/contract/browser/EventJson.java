package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.node.Json;

/** Reads the fields of browser events (and of the billing family's replies), failing in words with the contract's codes. */
public final class EventJson {
  private EventJson() {}

  public static String requireString(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String s) || s.isBlank()) {
      throw invalid(field);
    }
    return s;
  }

  /** A string that may be empty but not absent. */
  public static String requireText(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  /** A string or null (absent or null); any other type is invalid. */
  public static String optionalString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw invalid(field);
    }
    return (String) value;
  }

  public static boolean requireBoolean(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof Boolean b)) {
      throw invalid(field);
    }
    return b;
  }

  /** A whole number or null (absent or null); any other value is invalid. */
  public static Long optionalLong(JsonObject json, String field) {
    return Json.optionalLong(json, field);
  }

  public static long requireLong(JsonObject json, String field) {
    return Json.requireLong(json, field);
  }

  /** True or false, false when absent or null; any other value is invalid. */
  public static boolean optionalBoolean(JsonObject json, String field) {
    return Json.optionalBoolean(json, field, false);
  }

  public static JsonObject requireObject(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonObject o)) {
      throw invalid(field);
    }
    return o;
  }

  /** An object or null (absent or null); any other type is invalid. */
  static JsonObject optionalObject(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw invalid(field);
    }
    return (JsonObject) value;
  }

  static JsonArray requireArray(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonArray a)) {
      throw invalid(field);
    }
    return a;
  }

  /** An array or null (absent or null); any other type is invalid. */
  static JsonArray optionalArray(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonArray)) {
      throw invalid(field);
    }
    return (JsonArray) value;
  }

  /** A whole number that fits an int, or null (absent or null). */
  static Integer optionalInteger(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.intValue() != n.doubleValue()) {
      throw invalid(field);
    }
    return n.intValue();
  }

  /** An array of strings, as an unmodifiable list. */
  static List<String> requireStrings(JsonObject json, String field) {
    return Json.strings(requireArray(json, field), field);
  }

  /** An array of strings as an unmodifiable list, or null (absent or null). */
  static List<String> optionalStrings(JsonObject json, String field) {
    JsonArray array = optionalArray(json, field);
    return array == null ? null : Json.strings(array, field);
  }

  /** A stored message with its whole-number {@code id}, as every message event carries. */
  static StoredMessage requireMessage(JsonObject json) {
    JsonObject message = requireObject(json, "message");
    if (!(message.getValue("id") instanceof Number n) || n.longValue() != n.doubleValue()) {
      throw invalid("message.id");
    }
    return StoredMessage.fromJson(message);
  }

  public static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
