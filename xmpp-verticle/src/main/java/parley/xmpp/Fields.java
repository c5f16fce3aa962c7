package parley.xmpp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
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

  static Integer optionalPort(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
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

  /** A user's address ({@code alice@example.org}); a resource, if given, is dropped. */
  static EntityBareJid entityJid(JsonObject body, String field) {
    String text = requireJidText(body, field);
    EntityBareJid jid;
    try {
      jid = JidCreate.from(text).asBareJid().asEntityBareJidIfPossible();
    } catch (XmppStringprepException | IllegalArgumentException e) {
      throw invalidJid(field, text);
    }
    if (jid == null || !plausibleDomain(jid.getDomain().toString())) {
      throw invalidJid(field, text);
    }
    return jid;
  }

  private static String requireJidText(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw FailureCode.INVALID_JID.exception("The field '" + field + "' must be an XMPP address like alice@example.org.");
    }
    return s.trim();
  }

  /** jxmpp accepts almost any domain text; an address with spaces or a second '@' is a typo. */
  private static boolean plausibleDomain(String domain) {
    return !domain.isEmpty() && domain.chars().noneMatch(c -> c == '@' || Character.isWhitespace(c));
  }

  private static ParleyException invalidJid(String field, String text) {
    return FailureCode.INVALID_JID.exception("'" + shorten(text) + "' in '" + field + "' is not a valid XMPP address.");
  }

  static ParleyException invalid(String field) {
    return FailureCode.INVALID_FIELD.exception("The field '" + field + "' is missing or invalid.");
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
