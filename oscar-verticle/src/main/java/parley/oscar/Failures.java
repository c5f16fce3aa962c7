package parley.oscar;

import parley.contract.FailureCode;
import parley.nodekit.ImFailure;
import parley.oscar.wire.Foodgroups.Icbm;

/** The failures of AIM/ICQ connections, in words a person can read. */
final class Failures {
  private Failures() {}

  static final String LOST = "The connection to the AIM/ICQ server was lost; Parley will reconnect.";

  static ImFailure badPassword() {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The AIM/ICQ server refused the screen name or password.", false);
  }

  static ImFailure suspended() {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The AIM/ICQ server says this account is suspended.", false);
  }

  static ImFailure rateLimitedLogin() {
    return new ImFailure(FailureCode.IM_ERROR,
        "The AIM/ICQ server refused the sign-on because it came too often; wait a few minutes and connect again.", true);
  }

  static ImFailure unreachable(String where, String why) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The AIM/ICQ server at " + where + " could not be reached (" + why + ").", true);
  }

  static ImFailure noAnswer(String what) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The AIM/ICQ server did not answer in time (" + what + ").", true);
  }

  static ImFailure stoppedAnswering(boolean icq) {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The " + (icq ? "ICQ" : "AIM") + " server stopped answering; reconnecting.", true);
  }

  /** The server answered none of the kinds of sign-on tried; {@code tried}: "kind: what happened" each. */
  static ImFailure noSignOnAnswered(String where, boolean icq, java.util.List<String> tried) {
    String server = "The " + (icq ? "ICQ" : "AIM") + " server at " + where;
    String text = tried.size() == 1
        ? server + " did not answer the sign-on Parley tried (" + tried.get(0) + ")."
        : server + " answered neither kind of sign-on Parley tried (" + String.join("; ", tried) + ").";
    return new ImFailure(FailureCode.IM_ERROR, text, true);
  }

  static ImFailure malformed(String detail) {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST,
        "The AIM/ICQ server sent data Parley could not read (" + detail + "); Parley will reconnect.", true);
  }

  static ImFailure lost() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, LOST, true);
  }

  static ImFailure signedOnElsewhere() {
    return new ImFailure(FailureCode.IM_KICKED, "The AIM/ICQ server closed this session because the account signed on elsewhere.", false);
  }

  static ImFailure serverClosed(String why) {
    return new ImFailure(FailureCode.IM_KICKED, "The AIM/ICQ server closed the connection" + why + ".", true);
  }

  static ImFailure refused(int errorCode) {
    return new ImFailure(FailureCode.IM_ERROR, "The AIM/ICQ server refused the sign-on (error code " + errorCode + ").", false);
  }

  static ImFailure protocol(String text) {
    return new ImFailure(FailureCode.IM_ERROR, text, true);
  }

  /** The server answered a sent message with an ICBM error: what it means for the person who sent it. */
  static ImFailure bounced(String to, int icbmError, boolean icq) {
    String network = icq ? "ICQ" : "AIM";
    String text = switch (icbmError) {
      case Icbm.ERR_NOT_LOGGED_ON -> to + " is not signed on; " + network + " cannot deliver the message.";
      case Icbm.ERR_RATE_TO_HOST, Icbm.ERR_RATE_TO_CLIENT ->
          "The " + network + " server refused the message to " + to + " because messages went too fast; send it again in a moment.";
      default -> "The " + network + " server refused the message to " + to + " (ICBM error " + icbmError + ").";
    };
    return new ImFailure(FailureCode.IM_ERROR, text, false);
  }
}
