package parley.yahoo;

import parley.contract.FailureCode;
import parley.nodekit.ImFailure;
import parley.yahoo.wire.Services;

/** The failures of Yahoo connections, in words a person can read. */
final class Failures {
  private Failures() {}

  /** A refused login (key 66 of the server's AUTH_RESP). */
  static ImFailure loginRefused(long code, String url) {
    return switch ((int) code) {
      case Services.LOGIN_BAD_PASSWORD ->
          new ImFailure(FailureCode.IM_AUTH_FAILED, "The Yahoo server refused the Yahoo ID or password.", false);
      case Services.LOGIN_UNKNOWN_USER ->
          new ImFailure(FailureCode.IM_AUTH_FAILED, "The Yahoo server does not know this Yahoo ID.", false);
      case Services.LOGIN_LOCKED -> new ImFailure(FailureCode.IM_AUTH_FAILED,
          "The Yahoo server has locked this account" + (url == null || url.isBlank() ? "" : " (see " + url + ")") + ".", false);
      case Services.LOGIN_DEACTIVATED ->
          new ImFailure(FailureCode.IM_AUTH_FAILED, "The Yahoo server says this account is deactivated.", false);
      default -> new ImFailure(FailureCode.IM_ERROR, "The Yahoo server refused the login (error code " + code + ").", false);
    };
  }

  static ImFailure unreachable(String where, String why) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The Yahoo server at " + where + " could not be reached (" + why + ").", true);
  }

  static ImFailure noAnswer(String what) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The Yahoo server did not answer in time (" + what + ").", true);
  }

  static ImFailure stoppedAnswering() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The Yahoo server stopped answering; reconnecting.", true);
  }

  static ImFailure malformed(String detail) {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST,
        "The Yahoo server sent data Parley could not read (" + detail + "); Parley will reconnect.", true);
  }

  static ImFailure lost() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The connection to the Yahoo server was lost; Parley will reconnect.", true);
  }

  static ImFailure loggedInElsewhere() {
    return new ImFailure(FailureCode.IM_KICKED,
        "The Yahoo server closed this session because the Yahoo ID logged in elsewhere.", false);
  }

  /** The server answered an add-buddy with an error (key 66). */
  static String addRefused(String buddy, long code) {
    return switch ((int) code) {
      case 2 -> buddy + " is already on the Yahoo buddy list.";
      case 3 -> "The Yahoo server does not know the Yahoo ID " + buddy + ".";
      default -> "The Yahoo server refused to add " + buddy + " (error code " + code + ").";
    };
  }

  static String removeRefused(String buddy, long code) {
    return "The Yahoo server refused to remove " + buddy + " (error code " + code + ").";
  }
}
