package parley.irc;

import parley.contract.FailureCode;
import parley.nodekit.ImFailure;

/** The failures of IRC connections, in words a person can read. */
final class Failures {
  private Failures() {}

  static ImFailure unreachable(String where, String why) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The IRC server at " + where + " could not be reached (" + why + ").", true);
  }

  static ImFailure tls(String where, String why) {
    return new ImFailure(FailureCode.IM_TLS_FAILED, "TLS to the IRC server at " + where + " could not be set up (" + why + ").", false);
  }

  static ImFailure noWelcome(int seconds) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The IRC server did not finish the sign-on within " + seconds + " seconds.", true);
  }

  static ImFailure lost() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The connection to the IRC server was lost; Parley will reconnect.", true);
  }

  static ImFailure stoppedAnswering() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The IRC server stopped answering; reconnecting.", true);
  }

  static ImFailure lineTooLong(int max) {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The IRC server sent a line longer than " + max
        + " bytes, which IRC does not allow; Parley dropped the connection and will reconnect.", true);
  }

  static ImFailure closedByServer(String why) {
    String reason = why == null || why.isBlank() ? "" : ": " + why;
    // "Excess Flood" and the like: the server ended the session, Parley tries again later.
    return new ImFailure(FailureCode.IM_KICKED, "The IRC server closed the connection" + reason + ".", true);
  }

  static ImFailure badSasl(String mechanism) {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The IRC server refused the nickname's account name or password (SASL "
        + mechanism + ").", false);
  }

  static ImFailure saslAborted(String why) {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The IRC server's SASL sign-in failed (" + why + ").", false);
  }

  static ImFailure badNickServ(String said) {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "NickServ refused the password: \"" + said + "\".", false);
  }

  static ImFailure nickUnavailable(String nick) {
    return new ImFailure(FailureCode.IM_ERROR, "The IRC server refused the nickname " + nick
        + " and every alternative Parley tried (in use or not allowed).", true);
  }

  static ImFailure badNick(String nick, String why) {
    return new ImFailure(FailureCode.IM_ERROR, "The IRC server does not accept the nickname " + nick + " (" + why + ").", false);
  }

  static ImFailure banned(String why) {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The IRC server does not let this account in: " + why, false);
  }

  static ImFailure serverPassword() {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The IRC server asks for a server password, which Parley does not send.", false);
  }
}
