package parley.oscar;

import parley.contract.FailureCode;

/** A failure as the user sees it; {@code retry} says whether trying again later may help. */
record Failure(FailureCode code, String text, boolean retry) {

  static final String LOST = "The connection to the AIM/ICQ server was lost; Parley will reconnect.";

  static Failure badPassword() {
    return new Failure(FailureCode.IM_AUTH_FAILED, "The AIM/ICQ server refused the screen name or password.", false);
  }

  static Failure rateLimitedLogin() {
    return new Failure(FailureCode.IM_ERROR,
        "The AIM/ICQ server refused the sign-on because it came too often; wait a few minutes and connect again.", true);
  }

  static Failure unreachable(String where, String why) {
    return new Failure(FailureCode.IM_UNREACHABLE, "The AIM/ICQ server at " + where + " could not be reached (" + why + ").", true);
  }

  static Failure noAnswer(String what) {
    return new Failure(FailureCode.IM_UNREACHABLE, "The AIM/ICQ server did not answer in time (" + what + ").", true);
  }

  static Failure malformed(String detail) {
    return new Failure(FailureCode.IM_CONNECTION_LOST,
        "The AIM/ICQ server sent data Parley could not read (" + detail + "); Parley will reconnect.", true);
  }

  static Failure lost() {
    return new Failure(FailureCode.IM_CONNECTION_LOST, LOST, true);
  }

  static Failure signedOnElsewhere() {
    return new Failure(FailureCode.IM_KICKED, "The AIM/ICQ server closed this session because the account signed on elsewhere.", false);
  }

  static Failure serverClosed(String why) {
    return new Failure(FailureCode.IM_KICKED, "The AIM/ICQ server closed the connection" + why + ".", true);
  }

  static Failure refused(int errorCode) {
    return new Failure(FailureCode.IM_ERROR, "The AIM/ICQ server refused the sign-on (error code " + errorCode + ").", false);
  }

  static Failure protocol(String text) {
    return new Failure(FailureCode.IM_ERROR, text, true);
  }
}
