package parley.contract.billing;

import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

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

  /** A request of {@code type}: the start of its JSON. */
  static JsonObject request(String type) {
    return new JsonObject().put("type", type);
  }

  /** Puts the field only when it has a value: an absent optional field is left out, not null. */
  static JsonObject putIf(JsonObject json, String field, Object value) {
    return value == null ? json : json.put(field, value);
  }

  static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }
}
