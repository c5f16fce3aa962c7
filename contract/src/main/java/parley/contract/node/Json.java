package parley.contract.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * Reads the fields of these bodies, failing in words with the contract's codes. Public for the
 * contract's other packages of typed messages ({@code parley.contract.nodes}); modules outside the
 * contract read messages through their records, never field by field.
 */
public final class Json {
  private Json() {}

  public static String requireString(JsonObject json, String field) {
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
  public static String optionalString(JsonObject json, String field, String fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field);
    }
    return s;
  }

  public static boolean optionalBoolean(JsonObject json, String field, boolean fallback) {
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
  public static Long optionalLong(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.longValue() != n.doubleValue()) {
      throw invalid(field);
    }
    return n.longValue();
  }

  public static long requireLong(JsonObject json, String field) {
    Long value = optionalLong(json, field);
    if (value == null) {
      throw invalid(field);
    }
    return value;
  }

  /** A count: a whole number from 0 to {@link Integer#MAX_VALUE}. */
  public static int requireCount(JsonObject json, String field) {
    long value = requireLong(json, field);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw invalid(field);
    }
    return (int) value;
  }

  /** An object of counts by name (each a non-negative whole number), as an unmodifiable map. */
  public static Map<String, Long> requireCounts(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonObject counts)) {
      throw invalid(field);
    }
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, Object> e : counts) {
      if (!(e.getValue() instanceof Number n) || n.longValue() != n.doubleValue() || n.longValue() < 0) {
        throw invalid(field);
      }
      out.put(e.getKey(), n.longValue());
    }
    return Map.copyOf(out);
  }

  /** An array of JSON objects, each read by {@code read}, as an unmodifiable list. */
  public static <T> List<T> requireObjects(JsonObject json, String field, Function<JsonObject, T> read) {
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw invalid(field);
    }
    List<T> out = new ArrayList<>(array.size());
    for (Object o : array) {
      if (!(o instanceof JsonObject item)) {
        throw invalid(field);
      }
      out.add(read.apply(item));
    }
    return List.copyOf(out);
  }

  /**
   * The objects of an array that {@code read} accepts, as an unmodifiable list: none when the array is
   * absent; an item it refuses is left out (a page is shown without the one message a node sent broken).
   */
  static <T> List<T> readableObjects(JsonObject json, String field, Function<JsonObject, T> read) {
    JsonArray array = optionalArray(json, field);
    List<T> out = new ArrayList<>();
    for (Object o : array == null ? new JsonArray() : array) {
      if (o instanceof JsonObject item) {
        try {
          out.add(read.apply(item));
        } catch (ParleyException unreadable) {
          // One broken item does not cost the others.
        }
      }
    }
    return List.copyOf(out);
  }

  /** An array of strings, as an unmodifiable list. */
  public static List<String> requireStrings(JsonObject json, String field) {
    JsonArray array = optionalArray(json, field);
    if (array == null) {
      throw invalid(field);
    }
    return strings(array, field);
  }

  /** The strings of {@code array}, the array of {@code field}, as an unmodifiable list; any other item is invalid. */
  public static List<String> strings(JsonArray array, String field) {
    List<String> strings = new ArrayList<>(array.size());
    for (Object value : array) {
      if (!(value instanceof String s)) {
        throw invalid(field);
      }
      strings.add(s);
    }
    return List.copyOf(strings);
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

  public static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
