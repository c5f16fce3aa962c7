package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.ParleyException;
import parley.contract.XmlChars;

/**
 * Reads the fields of the browser commands (the records of this package); each problem becomes
 * INVALID_FIELD (or TEXT_TOO_LONG) with a sentence that names the field, the sentences the page has
 * always been shown; public for the page's sign-in and sign-up ({@code parley.contract.session}).
 */
public final class CommandFields {
  private CommandFields() {}

  /** The longest address a page may name (an XMPP JID's limit); its network's rule is checked by the session. */
  static final int MAX_ADDRESS_CHARS = 3071;
  static final int MAX_ACCOUNT_ID_CHARS = 64;
  /** Passwords as the page may send them (bytes of UTF-8 at most four per character). */
  static final int MAX_PASSWORD_FIELD_CHARS = Limits.MAX_PASSWORD_CHARS * 4;

  /** How a text field is called in a sentence; other fields by their name. */
  private static final Map<String, String> LABELS = Map.of(
      "text", "The message", "status", "The status", "name", "The contact name", "group", "The group",
      "username", "The username", "password", "The password");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1," + BrowserCommand.CLIENT_ID_MAX + "}");

  public static String string(JsonObject body, String name, int maxChars) {
    String value = optionalString(body, name, maxChars);
    if (value == null || value.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    return value;
  }

  static String accountId(JsonObject body) {
    return string(body, "accountId", MAX_ACCOUNT_ID_CHARS);
  }

  /** An IM address as the page wrote it: the session checks it by its network's rule. */
  static String address(JsonObject body, String name) {
    return string(body, name, MAX_ADDRESS_CHARS);
  }

  /** Text that keeps the XML character rules (an XMPP stream cannot carry NUL, U+000B, lone surrogates, ...). */
  public static String optionalString(JsonObject body, String name, int maxChars) {
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
    String problem = XmlChars.problem(LABELS.getOrDefault(name, "The field " + name), s);
    if (problem != null) {
      throw FailureCode.INVALID_FIELD.exception(problem);
    }
    return s;
  }

  /** One of {@code allowed}, or null when absent. */
  static String optionalOneOf(JsonObject body, String name, Set<String> allowed) {
    String value = optionalString(body, name, 64);
    if (value != null && !allowed.contains(value)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be one of "
          + String.join(", ", allowed.stream().sorted().toList()) + ".");
    }
    return value;
  }

  static String oneOf(JsonObject body, String name, Set<String> allowed) {
    String value = optionalOneOf(body, name, allowed);
    if (value == null) {
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    return value;
  }

  /** A port, or null when absent or "" (the page's empty input). */
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
    if (!(body.getValue(name) instanceof Boolean b)) {
      throw FailureCode.INVALID_FIELD.exception(name + " must be true or false.");
    }
    return b;
  }

  /** A host name as the page typed it: trimmed, null when absent or blank. */
  static String host(JsonObject body) {
    String host = optionalString(body, "host", 253);
    return host == null || host.isBlank() ? null : host.trim();
  }

  /** A trimmed text, null when absent or blank. */
  static String trimmed(JsonObject body, String name, int maxChars) {
    String value = optionalString(body, name, maxChars);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The page's client message id, or null: a bounded token, so it is safe in logs and as an index key. */
  static String optionalClientId(JsonObject body) {
    Object value = body.getValue(BrowserCommand.CLIENT_ID);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !CLIENT_ID.matcher(s).matches()) {
      throw FailureCode.INVALID_FIELD.exception("The client message id must be 1 to " + BrowserCommand.CLIENT_ID_MAX
          + " letters, digits, '-' or '_'.");
    }
    return s;
  }

  /** The text of a message the user sends: not too long (TEXT_TOO_LONG), not empty. */
  static String messageText(JsonObject body) {
    Object raw = body.getValue("text");
    if (raw instanceof String s && s.length() > Limits.MAX_TEXT_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception(
          "The message is " + s.length() + " characters long; the limit is " + Limits.MAX_TEXT_CHARS + ".");
    }
    if (raw instanceof String s && s.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("The message is empty.");
    }
    return string(body, "text", Limits.MAX_TEXT_CHARS);
  }

  /** The id of a message the user sent: a positive whole number. */
  static long ownMessageId(JsonObject body) {
    Long id = optionalLong(body, "messageId");
    if (id == null || id <= 0) {
      throw FailureCode.INVALID_FIELD.exception("messageId must be the id of a message you sent.");
    }
    return id;
  }

  /** A command of {@code type}: the start of its JSON. */
  static JsonObject command(String type) {
    return new JsonObject().put("type", type);
  }

  /** Puts the field only when it has a value: an absent optional field is left out, not null. */
  public static JsonObject putIf(JsonObject json, String field, Object value) {
    return value == null ? json : json.put(field, value);
  }

  static ParleyException invalid(String sentence) {
    return FailureCode.INVALID_FIELD.exception(sentence);
  }

  /**
   * The {@code contacts} of a merge or a dismissal, each {@code {accountId, jid}}; {@code missing}
   * is the sentence for a missing or short list (fewer than {@code least}).
   */
  static List<PersonContact> contacts(JsonObject body, int least, String missing) {
    if (!(body.getValue("contacts") instanceof JsonArray list) || list.size() < least) {
      throw FailureCode.INVALID_FIELD.exception(missing);
    }
    List<PersonContact> contacts = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof JsonObject contact)) {
        throw FailureCode.INVALID_FIELD.exception("Each of contacts must have accountId and jid.");
      }
      contacts.add(PersonContact.fromJson(contact));
    }
    return List.copyOf(contacts);
  }

  static JsonArray contactsJson(List<PersonContact> contacts) {
    JsonArray list = new JsonArray();
    contacts.forEach(c -> list.add(c.toJson()));
    return list;
  }
}
