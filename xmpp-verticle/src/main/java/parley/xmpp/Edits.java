package parley.xmpp;

import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

/**
 * XEP-0308 corrections and XEP-0424 retractions: a peer changing or taking back one of its own
 * messages, named by the id its client gave it. Whose message it is, the session checks.
 */
final class Edits {
  private Edits() {}

  /** The id of the message this one corrects, or null. */
  static String corrects(Element message) {
    return id(message.child("replace", Ns.CORRECT));
  }

  /** The id of the message this one takes back, or null. */
  static String retracts(Element message) {
    return id(message.child("retract", Ns.RETRACT));
  }

  /** The id the sender gave the message, by which a correction or retraction names it; or null. */
  static String remoteId(Element message) {
    return id(message);
  }

  private static String id(Element e) {
    String id = e == null ? null : e.attribute("id");
    return id == null || id.isEmpty() || id.length() > Receipts.MAX_ID_CHARS ? null : id;
  }
}
