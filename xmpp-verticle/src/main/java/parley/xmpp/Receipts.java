package parley.xmpp;

import parley.contract.MessageStatus;
import parley.xmpp.client.Ns;
import parley.xmpp.stream.Element;

/**
 * XEP-0184 delivery receipts and XEP-0333 chat markers: what a peer's client says of our messages,
 * and what we say of theirs.
 */
final class Receipts {
  /** Longest message id Parley keeps to name in a displayed marker. */
  static final int MAX_ID_CHARS = 256;

  private Receipts() {}

  /** A peer's client acknowledges our message with this stanza id: {@code delivered} or {@code read}. */
  record Ack(String stanzaId, String status) {}

  /** What this message says of one of ours, or null when it says nothing. */
  static Ack of(Element message) {
    Element receipt = message.child("received", Ns.RECEIPTS);
    if (receipt != null && receipt.attribute("id") != null) {
      return new Ack(receipt.attribute("id"), MessageStatus.DELIVERED);
    }
    for (String read : new String[] {"displayed", "acknowledged"}) {
      Element marker = message.child(read, Ns.MARKERS);
      if (marker != null && marker.attribute("id") != null) {
        return new Ack(marker.attribute("id"), MessageStatus.READ);
      }
    }
    Element received = message.child("received", Ns.MARKERS);
    return received != null && received.attribute("id") != null ? new Ack(received.attribute("id"), MessageStatus.DELIVERED)
        : null;
  }

  /** Whether the sender asks for a receipt of this message (it must have an id to name). */
  static boolean asksForReceipt(Element message) {
    return message.child("request", Ns.RECEIPTS) != null && hasId(message);
  }

  /** The id a displayed marker for this message names, or null when it is not markable. */
  static String markerId(Element message) {
    return message.child("markable", Ns.MARKERS) != null && hasId(message)
        && message.attribute("id").length() <= MAX_ID_CHARS ? message.attribute("id") : null;
  }

  private static boolean hasId(Element message) {
    String id = message.attribute("id");
    return id != null && !id.isEmpty();
  }
}
