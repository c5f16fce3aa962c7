package parley.xmpp;

import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.stream.Element;

/**
 * XEP-0280 message carbons: copies of what the account's other clients send and receive. A carbon
 * is trusted only from the account's own bare JID (XEP-0280 11): anyone else could wrap a made-up
 * message in one and have it shown as the person's own.
 */
final class Carbons {
  private Carbons() {}

  /** A copied message: {@code sent} by another of the account's clients, or received by one. */
  record Carbon(boolean sent, Element message) {}

  /** Whether the message claims to be a carbon (whoever sent it). */
  static boolean claimed(Element message) {
    return message.child("sent", Ns.CARBONS) != null || message.child("received", Ns.CARBONS) != null;
  }

  /**
   * The copied message, or null when this is not a carbon, it did not come from {@code ownBareJid}
   * itself, or it carries nothing to forward.
   */
  static Carbon unwrap(Element message, String ownBareJid) {
    String from = message.attribute("from");
    if (from == null || !from.equalsIgnoreCase(ownBareJid)) {
      return null;
    }
    Element sent = message.child("sent", Ns.CARBONS);
    Element wrapper = sent != null ? sent : message.child("received", Ns.CARBONS);
    Element forwarded = wrapper == null ? null : wrapper.child("forwarded", Ns.FORWARD);
    Element inner = forwarded == null ? null : forwarded.child("message", Ns.CLIENT);
    if (inner == null) {
      return null;
    }
    // A sent copy is from one of our clients; a received one is to one of them.
    String ours = sent != null ? inner.attribute("from") : inner.attribute("to");
    if (ours != null && !ownBareJid.equalsIgnoreCase(Stanzas.bare(ours))) {
      return null;
    }
    return new Carbon(sent != null, inner);
  }

  /** The sender asked that no copies be made (XEP-0280 {@code private}, XEP-0334 {@code no-copy}). */
  static boolean isPrivate(Element message) {
    return message.child("private", Ns.CARBONS) != null || message.child("no-copy", Ns.HINTS) != null;
  }
}
