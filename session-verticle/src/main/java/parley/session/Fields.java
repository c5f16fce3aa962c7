package parley.session;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import parley.contract.FailureCode;
import parley.contract.Network;

/** Reads and checks command fields; every problem becomes a failure whose text names the field. */
final class Fields {
  /** A bare XMPP address: local@domain, no resource, no spaces. */
  private static final Pattern BARE_JID = Pattern.compile("[^@/\\s\"&'<>:]{1,1023}@[^@/\\s\"&'<>]{1,1023}");

  /** An AIM screen name: starts with a letter; letters, digits and spaces; 3 to 16 characters. */
  private static final Pattern SCREEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9 ]{2,15}");
  /** An ICQ number (UIN). */
  private static final Pattern UIN = Pattern.compile("[0-9]{5,10}");

  private Fields() {}

  static String string(JsonObject body, String name, int maxChars) {
    String value = optionalString(body, name, maxChars);
    if (value == null || value.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    return value;
  }

  static String optionalString(JsonObject body, String name, int maxChars) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be text.");
    }
    if (s.length() > maxChars) {
      throw FailureCode.INVALID_FIELD.exception(name + " is longer than " + maxChars + " characters.");
    }
    return s;
  }

  static String oneOf(JsonObject body, String name, Set<String> allowed, String fallback) {
    String value = optionalString(body, name, 64);
    if (value == null) {
      if (fallback != null) {
        return fallback;
      }
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    if (!allowed.contains(value)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ".");
    }
    return value;
  }

  static Integer optionalPort(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value == null || "".equals(value)) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1 || n.intValue() > 65535) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be a port number from 1 to 65535.");
    }
    return n.intValue();
  }

  static Long optionalLong(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be a whole number.");
    }
    return n.longValue();
  }

  static boolean bool(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (!(value instanceof Boolean b)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be true or false.");
    }
    return b;
  }

  /** An IM address on {@code network}, normalised (XMPP addresses and AIM screen names are case-insensitive). */
  static String address(JsonObject body, String name, String network) {
    String value = string(body, name, 3071).trim();
    if (Network.XMPP.equals(network)) {
      if (!BARE_JID.matcher(value).matches()) {
        throw FailureCode.INVALID_JID.exception("\"" + shorten(value) + "\" is not a valid XMPP address (like name@example.org).");
      }
      return value.toLowerCase(Locale.ROOT);
    }
    if (Network.OSCAR.equals(network)) {
      if (!SCREEN_NAME.matcher(value).matches() && !UIN.matcher(value).matches()) {
        throw FailureCode.INVALID_JID.exception("\"" + shorten(value)
            + "\" is not a valid AIM screen name (3-16 letters, digits and spaces, starting with a letter)"
            + " or ICQ number (5-10 digits).");
      }
      // OSCAR compares screen names without case and spaces.
      return value.replace(" ", "").toLowerCase(Locale.ROOT);
    }
    return value;
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "…";
  }
}
