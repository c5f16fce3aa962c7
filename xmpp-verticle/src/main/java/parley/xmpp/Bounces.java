package parley.xmpp;

import java.util.UUID;

/**
 * Matches error answers to the messages Parley sent and says in words why one was not delivered.
 * A sent message's stanza id is {@link #PREFIX} + its history id, so that its bounce can be found.
 */
final class Bounces {
  static final String PREFIX = "parley-";

  private Bounces() {}

  static String stanzaId(String messageId) {
    return PREFIX + messageId;
  }

  /** The id of a correction or retraction: ours, but naming no history id (a bounce of it fails nothing). */
  static String editId() {
    return PREFIX + "e-" + UUID.randomUUID().toString().substring(0, 13);
  }

  /** The history id a bounced stanza id stands for, or null when the stanza was not one of ours. */
  static String messageId(String stanzaId) {
    return stanzaId != null && stanzaId.startsWith(PREFIX) && stanzaId.length() > PREFIX.length()
        ? stanzaId.substring(PREFIX.length()) : null;
  }

  /**
   * Why the message to {@code to} was not delivered, from the error's defined condition
   * (RFC 6120 8.3.3, e.g. {@code service-unavailable}), or null when it has none.
   */
  static String text(String to, String condition) {
    if (condition == null) {
      return "The message to " + to + " was not delivered: the IM server reported an error.";
    }
    return switch (condition) {
      case "remote-server-not-found" -> to + " could not be reached: the server for that address was not found.";
      case "remote-server-timeout" -> to + " could not be reached: the server for that address did not answer.";
      case "service-unavailable", "item-not-found", "recipient-unavailable", "gone" ->
          to + " does not exist or cannot receive messages.";
      // ejabberd answers forbidden where its policy allows no server-to-server traffic.
      case "not-allowed", "forbidden" -> to + " could not be reached: the IM server does not allow messages to that address.";
      case "not-authorized", "registration-required", "subscription-required" ->
          to + " does not accept messages from this account.";
      case "jid-malformed" -> "The IM server says " + to + " is not a valid address.";
      case "not-acceptable", "policy-violation", "bad-request" ->
          "The IM server refused the message to " + to + " (" + condition + ").";
      case "resource-constraint" -> "The message to " + to + " was not delivered: the IM server is too busy.";
      default -> "The message to " + to + " was not delivered: the IM server reported an error (" + condition + ").";
    };
  }
}
