package parley.xmpp;

import org.jivesoftware.smack.packet.StanzaError;

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

  /** The history id a bounced stanza id stands for, or null when the stanza was not one of ours. */
  static String messageId(String stanzaId) {
    return stanzaId != null && stanzaId.startsWith(PREFIX) && stanzaId.length() > PREFIX.length()
        ? stanzaId.substring(PREFIX.length()) : null;
  }

  /** Why the message to {@code to} was not delivered, from the error's condition. */
  static String text(String to, StanzaError error) {
    StanzaError.Condition condition = error == null ? null : error.getCondition();
    if (condition == null) {
      return "The message to " + to + " was not delivered: the IM server reported an error.";
    }
    return switch (condition) {
      case remote_server_not_found -> to + " could not be reached: the server for that address was not found.";
      case remote_server_timeout -> to + " could not be reached: the server for that address did not answer.";
      case service_unavailable, item_not_found, recipient_unavailable, gone ->
          to + " does not exist or cannot receive messages.";
      case not_allowed -> to + " could not be reached: the IM server does not allow messages to that address.";
      case forbidden, not_authorized, registration_required, subscription_required ->
          to + " does not accept messages from this account.";
      case jid_malformed -> "The IM server says " + to + " is not a valid address.";
      case not_acceptable, policy_violation, bad_request ->
          "The IM server refused the message to " + to + " (" + condition + ").";
      case resource_constraint -> "The message to " + to + " was not delivered: the IM server is too busy.";
      default -> "The message to " + to + " was not delivered: the IM server reported an error (" + condition + ").";
    };
  }
}
