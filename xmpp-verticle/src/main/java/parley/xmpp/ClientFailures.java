package parley.xmpp;

import parley.contract.FailureCode;
import parley.nodekit.ImFailure;
import parley.xmpp.client.XmppClientException;

/**
 * Turns why an {@link parley.xmpp.client.XmppClient} failed into the contract's failure code and a
 * sentence a person can read: the one place of the words a user sees when an XMPP account fails.
 */
final class ClientFailures {
  private ClientFailures() {}

  static final String TLS_NOT_OFFERED =
      "The IM server does not offer a secure connection (TLS), and this account requires one.";
  static final String KICKED_CONFLICT =
      "The IM server closed this session because the account signed in elsewhere.";
  static final String SERVER_CLOSED = "The IM server closed the connection.";
  static final String SHUTDOWN = "The IM server is shutting down; Parley will reconnect.";
  static final String LOST = "The connection to the IM server was lost; Parley will reconnect.";
  static final String NO_ANSWER = "The IM server did not answer in time.";
  static final String CERTIFICATE_UNTRUSTED =
      "A secure connection to the IM server could not be made: its certificate is not trusted.";
  static final String TLS_FAILED = "A secure connection (TLS) to the IM server could not be made.";
  static final String NO_MECHANISM = "The IM server offers no way to sign in that Parley can use safely.";
  static final String PING_UNANSWERED = "The IM server did not answer a ping; Parley will reconnect.";
  static final String NOT_READING = "The IM server stopped reading what Parley sends; Parley will reconnect.";
  static final String QUEUE_FULL = "The IM server is not taking what Parley sends right now, so this was not sent. "
      + "Try again in a moment.";

  static ImFailure of(XmppClientException e, String host, int port) {
    String condition = e.condition();
    return switch (e.reason()) {
      case UNREACHABLE -> new ImFailure(FailureCode.IM_UNREACHABLE, "The IM server at " + host + ":" + port
          + " could not be reached (" + switch (condition == null ? "" : condition) {
            case "refused" -> "the connection was refused";
            case "timeout" -> "no answer in time";
            case "unknown-host" -> "its name could not be found";
            default -> "the network failed";
          } + ").", true);
      case NO_ANSWER -> "ping".equals(condition)
          ? new ImFailure(FailureCode.IM_CONNECTION_LOST, PING_UNANSWERED, true)
          : "write".equals(condition) ? new ImFailure(FailureCode.IM_CONNECTION_LOST, NOT_READING, true)
          : new ImFailure(FailureCode.IM_UNREACHABLE, NO_ANSWER, true);
      case TLS_NOT_OFFERED -> new ImFailure(FailureCode.IM_TLS_FAILED, TLS_NOT_OFFERED, true);
      case CERTIFICATE -> new ImFailure(FailureCode.IM_TLS_FAILED, CERTIFICATE_UNTRUSTED, true);
      case TLS_FAILED -> new ImFailure(FailureCode.IM_TLS_FAILED, TLS_FAILED, true);
      case AUTH_FAILED -> "no-usable-mechanism".equals(condition)
          ? new ImFailure(FailureCode.IM_AUTH_FAILED, NO_MECHANISM, false)
          : new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
      case STREAM_ERROR -> streamError(condition);
      case SERVER_CLOSED -> serverClosed();
      case CONNECTION_LOST, NOT_CONNECTED -> new ImFailure(FailureCode.IM_CONNECTION_LOST, LOST, true);
      // The parser's sentence says what the server did wrong.
      case BAD_STREAM -> new ImFailure(FailureCode.IM_ERROR, e.getMessage(), true);
      case STANZA_ERROR, BIND_FAILED -> new ImFailure(FailureCode.IM_ERROR, FailureCode.IM_ERROR.defaultText(), true);
      // Refuses one stanza, never ends a connection; here for completeness.
      case QUEUE_FULL -> new ImFailure(FailureCode.RATE_LIMITED, QUEUE_FULL, true);
    };
  }

  /** The server ended the stream without an error: it wants us gone, but a later try may work. */
  static ImFailure serverClosed() {
    return new ImFailure(FailureCode.IM_KICKED, SERVER_CLOSED, true);
  }

  /** A stream error (RFC 6120 4.9.3), by the condition's name. */
  static ImFailure streamError(String condition) {
    if (condition == null) {
      return serverClosed();
    }
    return switch (condition) {
      case "conflict" -> new ImFailure(FailureCode.IM_KICKED, KICKED_CONFLICT, false);
      case "system-shutdown" -> new ImFailure(FailureCode.IM_CONNECTION_LOST, SHUTDOWN, true);
      case "connection-timeout" -> new ImFailure(FailureCode.IM_CONNECTION_LOST, LOST, true);
      case "host-unknown" -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server does not serve this account's domain.", false);
      case "not-authorized" -> new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
      case "policy-violation", "reset", "see-other-host", "host-gone" -> new ImFailure(FailureCode.IM_KICKED,
          SERVER_CLOSED + " (" + condition + ")", true);
      default -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server reported an error (" + condition + ").", true);
    };
  }
}
