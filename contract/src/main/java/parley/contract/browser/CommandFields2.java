package parley.contract.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import parley.contract.BrowserCommand;
import parley.contract.FailureCode;
import parley.contract.XmlChars;

/**
 * Reads the fields of the room, file, avatar, history and person commands, refusing each in the
 * words the session has always used (the page and the tests know these sentences).
 */
final class CommandFields2 {
  private CommandFields2() {}

  /** Longest account id a page may name (a UUID; the margin is for the sentence, not the id). */
  static final int MAX_ACCOUNT_ID_CHARS = 64;
  /** Longest address a page may give before its network's rule is applied (an XMPP JID's limit). */
  static final int MAX_ADDRESS_CHARS = 3071;
  /** How a text field is called in a sentence; other fields by their name. */
  private static final Map<String, String> LABELS = Map.of("text", "The message", "password", "The password");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1," + BrowserCommand.CLIENT_ID_MAX + "}");

  /** A non-blank string of at most {@code maxChars}: "{name} is required." when missing or blank. */
  static String string(JsonObject body, String name, int maxChars) {
    String value = optionalString(body, name, maxChars);
    if (value == null || value.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception(name + " is required.");
    }
    return value;
  }

  /** A string of at most {@code maxChars} an XMPP stream can carry, or null when absent. */
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
    String problem = XmlChars.problem(LABELS.getOrDefault(name, "The field " + name), s);
    if (problem != null) {
      throw FailureCode.INVALID_FIELD.exception(problem);
    }
    return s;
  }

  static String accountId(JsonObject body) {
    return string(body, "accountId", MAX_ACCOUNT_ID_CHARS);
  }

  /** An IM address as given; the session applies its network's rule (it knows the account's network). */
  static String address(JsonObject body, String name) {
    return string(body, name, MAX_ADDRESS_CHARS);
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

  /** The page's client message id, or null: a bounded token, safe in logs and as an index key. */
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

  /** Puts the field only when it has a value: an absent optional field is left out, not null. */
  static JsonObject putIf(JsonObject json, String field, Object value) {
    return value == null ? json : json.put(field, value);
  }
}
