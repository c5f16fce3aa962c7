package parley.xmpp;

import parley.contract.FailureCode;
import parley.contract.node.ImFailure;
import parley.xmpp.client.XmppClientException;

/**
 * Turns why an {@link parley.xmpp.client.XmppClient} failed into the contract's failure code and
 * the same sentence {@link FailureMapper} gives for Smack's exceptions, so users read the same words.
 */
final class ClientFailures {
  private ClientFailures() {}

  static final String CERTIFICATE_UNTRUSTED =
      "A secure connection to the IM server could not be made: its certificate is not trusted.";
  static final String TLS_FAILED = "A secure connection (TLS) to the IM server could not be made.";
  static final String NO_MECHANISM = "The IM server offers no way to sign in that Parley can use safely.";
  static final String PING_UNANSWERED = "The IM server did not answer a ping; Parley will reconnect.";

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
          : new ImFailure(FailureCode.IM_UNREACHABLE, FailureMapper.NO_ANSWER, true);
      case TLS_NOT_OFFERED -> new ImFailure(FailureCode.IM_TLS_FAILED, FailureMapper.TLS_NOT_OFFERED, true);
      case CERTIFICATE -> new ImFailure(FailureCode.IM_TLS_FAILED, CERTIFICATE_UNTRUSTED, true);
      case TLS_FAILED -> new ImFailure(FailureCode.IM_TLS_FAILED, TLS_FAILED, true);
      case AUTH_FAILED -> "no-usable-mechanism".equals(condition)
          ? new ImFailure(FailureCode.IM_AUTH_FAILED, NO_MECHANISM, false)
          : new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
      case STREAM_ERROR -> streamError(condition);
      case SERVER_CLOSED -> FailureMapper.serverClosed();
      case CONNECTION_LOST, NOT_CONNECTED -> new ImFailure(FailureCode.IM_CONNECTION_LOST, FailureMapper.LOST, true);
      // The parser's sentence says what the server did wrong.
      case BAD_STREAM -> new ImFailure(FailureCode.IM_ERROR, e.getMessage(), true);
      case STANZA_ERROR, BIND_FAILED -> new ImFailure(FailureCode.IM_ERROR, FailureCode.IM_ERROR.defaultText(), true);
    };
  }

  /** The same words as {@link FailureMapper#streamFailure}, by the condition's name. */
  static ImFailure streamError(String condition) {
    if (condition == null) {
      return FailureMapper.serverClosed();
    }
    return switch (condition) {
      case "conflict" -> new ImFailure(FailureCode.IM_KICKED, FailureMapper.KICKED_CONFLICT, false);
      case "system-shutdown" -> new ImFailure(FailureCode.IM_CONNECTION_LOST, FailureMapper.SHUTDOWN, true);
      case "connection-timeout" -> new ImFailure(FailureCode.IM_CONNECTION_LOST, FailureMapper.LOST, true);
      case "host-unknown" -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server does not serve this account's domain.", false);
      case "not-authorized" -> new ImFailure(FailureCode.IM_AUTH_FAILED, FailureCode.IM_AUTH_FAILED.defaultText(), false);
      case "policy-violation", "reset", "see-other-host", "host-gone" -> new ImFailure(FailureCode.IM_KICKED,
          FailureMapper.SERVER_CLOSED + " (" + condition + ")", true);
      default -> new ImFailure(FailureCode.IM_ERROR,
          "The IM server reported an error (" + condition + ").", true);
    };
  }
}
