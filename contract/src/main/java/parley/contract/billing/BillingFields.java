package parley.contract.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import parley.contract.FailureCode;
import parley.contract.browser.EventJson;

/** Reads the fields of the billing messages, failing with the sentences billing has always given. */
final class BillingFields {
  private BillingFields() {}

  /** A user id as billing keeps it: a UUID in its canonical form. */
  static boolean isUserId(Object value) {
    if (!(value instanceof String s)) {
      return false;
    }
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code userId} an admin names: NO_SUCH_USER in words when it is not a user id. */
  static String userId(JsonObject json) {
    Object value = json.getValue("userId");
    if (!isUserId(value)) {
      throw FailureCode.NO_SUCH_USER.exception("userId must be a user id.");
    }
    return (String) value;
  }

  /** Text of at most {@code max} characters that is not blank. */
  static String text(JsonObject json, String field, int max) {
    if (!(json.getValue(field) instanceof String s) || s.length() > max || s.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception(field + " is required, text of at most " + max + " characters.");
    }
    return s;
  }

  /** Text of at most {@code max} characters, or null when absent. */
  static String optionalText(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    if (value != null && (!(value instanceof String s) || s.length() > max)) {
      throw FailureCode.INVALID_FIELD.exception(field + " must be text of at most " + max + " characters.");
    }
    return (String) value;
  }

  /** The {@code month} of a statement, like 2026-11. */
  static YearMonth month(JsonObject json) {
    return month(json.getValue("month"));
  }

  static YearMonth month(Object raw) {
    if (raw instanceof String s) {
      try {
        return YearMonth.parse(s);
      } catch (DateTimeParseException e) {
        // the sentence below
      }
    }
    throw FailureCode.INVALID_FIELD.exception("month must be like 2026-11.");
  }

  /** An array of {@code field}, each element read by {@code read} (objects) or taken as it is (other types). */
  static <T> List<T> list(JsonObject json, String field, Class<?> elementType, Function<Object, T> read) {
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw EventJson.invalid(field);
    }
    List<T> out = new ArrayList<>(array.size());
    for (Object element : array) {
      if (!elementType.isInstance(element)) {
        throw EventJson.invalid(field);
      }
      out.add(read.apply(element));
    }
    return List.copyOf(out);
  }

  /** An array of objects, each read by {@code read}. */
  static <T> List<T> objects(JsonObject json, String field, Function<JsonObject, T> read) {
    return list(json, field, JsonObject.class, o -> read.apply((JsonObject) o));
  }

  static <T> JsonArray array(List<T> values, Function<T, Object> write) {
    JsonArray array = new JsonArray();
    values.forEach(v -> array.add(write.apply(v)));
    return array;
  }

  /** A day like 2026-11-25. */
  static LocalDate date(JsonObject json, String field) {
    try {
      return LocalDate.parse(EventJson.requireString(json, field));
    } catch (DateTimeParseException e) {
      throw EventJson.invalid(field);
    }
  }

  /** A month like 2026-11 that is not a request's {@code month}. */
  static YearMonth yearMonth(JsonObject json, String field) {
    try {
      return YearMonth.parse(EventJson.requireString(json, field));
    } catch (DateTimeParseException e) {
      throw EventJson.invalid(field);
    }
  }

  /** A request of {@code type}: the start of its JSON. */
  static JsonObject request(String type) {
    return new JsonObject().put("type", type);
  }

  /** Puts the field only when it has a value: an absent optional field is left out, not null. */
  static JsonObject putIf(JsonObject json, String field, Object value) {
    return value == null ? json : json.put(field, value);
  }

}
