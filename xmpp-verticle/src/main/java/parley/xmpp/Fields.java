package parley.xmpp;

import io.vertx.core.json.JsonObject;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.XmlChars;
import parley.nodekit.OwnPresence;

/**
 * Reads XMPP addresses and texts from command fields, failing with the contract's codes. Addresses
 * are read with jxmpp-jid, the JID library (RFC 7622) the session checks them with first: the node's
 * last-line check then agrees with the session's, and the parsing rules are not ours to keep.
 */
final class Fields {
  private Fields() {}

  /** A user's address ({@code alice@example.org}); a resource, if given, is dropped. */
  static BareJid bareJid(JsonObject body, String field) {
    return bareJid(requireJidText(body, field), field);
  }

  /** {@code text}, the non-blank value of {@code field}, as a user's address. */
  static BareJid bareJid(String text, String field) {
    text = text.trim();
    EntityBareJid jid;
    try {
      jid = JidCreate.from(text).asBareJid().asEntityBareJidIfPossible();
    } catch (XmppStringprepException | IllegalArgumentException e) {
      throw invalidJid(field, text);
    }
    if (jid == null || !plausibleDomain(jid.getDomain().toString())) {
      throw invalidJid(field, text);
    }
    return new BareJid(jid.getLocalpart().toString(), jid.getDomain().toString());
  }

  /**
   * A group chat's address ({@code lobby@conference.example.org}, XEP-0045): a local part is required
   * and no resource may be given (that would be a nickname).
   */
  static RoomJid roomJid(JsonObject body, String field) {
    return roomJid(requireJidText(body, field), field);
  }

  /** {@code text}, the non-blank value of {@code field}, as a group chat's address. */
  static RoomJid roomJid(String text, String field) {
    text = text.trim();
    org.jxmpp.jid.Jid jid;
    try {
      jid = JidCreate.from(text);
    } catch (XmppStringprepException | IllegalArgumentException e) {
      throw FailureCode.INVALID_JID.exception("'" + shorten(text) + "' is not a valid room address.");
    }
    EntityBareJid bare = jid.asEntityBareJidIfPossible();
    if (bare == null || jid.hasResource() || !plausibleDomain(bare.getDomain().toString())) {
      throw FailureCode.INVALID_JID.exception("'" + shorten(text)
          + "' is not a room address: it must look like room@conference.example.org, without a nickname after a slash.");
    }
    return new RoomJid(bare.getLocalpart().toString(), bare.getDomain().toString());
  }

  /** Longest nickname Parley lets a person take in a room. */
  static final int MAX_NICK_CHARS = 64;

  /** A nickname in a room (the resource part of the occupant's address, RFC 7622), normalised. */
  static String nick(String s) {
    if (s == null || s.isBlank()) {
      throw FailureCode.INVALID_FIELD.exception("The nickname must not be empty.");
    }
    String nick;
    try {
      nick = org.jxmpp.jid.parts.Resourcepart.from(s.trim()).toString();
    } catch (XmppStringprepException | IllegalArgumentException e) {
      throw FailureCode.INVALID_FIELD.exception("'" + shorten(s) + "' cannot be a nickname.");
    }
    if (nick.length() > MAX_NICK_CHARS) {
      throw FailureCode.INVALID_FIELD.exception("A nickname may have at most " + MAX_NICK_CHARS + " characters.");
    }
    return carriable("The nickname", nick);
  }

  /**
   * {@code text} unchanged, or INVALID_FIELD when it holds a character XML cannot carry: written
   * to the stream, the server would end it (the session refuses these first; this is the last line).
   */
  static String carriable(String what, String text) {
    String problem = text == null ? null : XmlChars.problem(what, text);
    if (problem != null) {
      throw FailureCode.INVALID_FIELD.exception(problem);
    }
    return text;
  }

  /** The presence, or INVALID_FIELD when its status cannot be carried. */
  static OwnPresence carriable(OwnPresence presence) {
    carriable("The status", presence.status());
    return presence;
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

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
