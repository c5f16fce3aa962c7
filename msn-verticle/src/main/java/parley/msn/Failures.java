package parley.msn;

import parley.contract.FailureCode;
import parley.nodekit.ImFailure;

/** The failures of MSN connections and the MSN servers' error numbers, in words a person can read. */
final class Failures {
  private Failures() {}

  /** What an MSNP error number means (from the protocol documentation's list), as the end of a sentence. */
  static String errorText(int code) {
    return switch (code) {
      case 200 -> "the command was not understood (syntax error)";
      case 201 -> "a parameter was invalid";
      case 205 -> "that address is not an MSN account";
      case 206 -> "the address lacks its domain name";
      case 207 -> "the account is already signed in";
      case 208 -> "that is not a valid account name";
      case 209 -> "that friendly name is not allowed";
      case 210 -> "the contact list is full";
      case 215 -> "the contact is already on that list";
      case 216 -> "the contact is not on that list";
      case 217 -> "the person is not signed in";
      case 218 -> "the account is already in that mode";
      case 219 -> "the contact is on the opposite list (allowed and blocked at once)";
      case 223 -> "there are too many groups";
      case 224 -> "that group does not exist";
      case 225 -> "the contact is not in that group";
      case 229 -> "that group name is too long";
      case 230 -> "group 0 cannot be removed";
      case 280 -> "the switchboard failed";
      case 281 -> "the transfer to a switchboard failed";
      case 300 -> "a required field was missing";
      case 302 -> "the account is not signed in";
      case 500 -> "the server had an internal error";
      case 501 -> "the server's database failed";
      case 502 -> "that command is disabled on this server";
      case 510 -> "the server could not write a file";
      case 520 -> "the server's memory is full";
      case 540 -> "the challenge answer was wrong";
      case 600 -> "the server is busy";
      case 601 -> "the server is unavailable";
      case 602 -> "a peer notification server is down";
      case 603 -> "the server's database connection failed";
      case 604 -> "the server is going down";
      case 605 -> "the server is unavailable";
      case 707 -> "the server could not create a connection";
      case 710 -> "the server refused the client version (CVR)";
      case 711 -> "a write on the server is blocking";
      case 712 -> "the session is overloaded";
      case 713 -> "calls came too fast";
      case 714 -> "there are too many open sessions";
      case 715 -> "the command was not expected";
      case 717 -> "the contact list is damaged";
      case 731 -> "the command was not expected";
      case 800 -> "changes came too fast";
      case 910, 912, 918, 919, 921, 922 -> "the server is too busy";
      case 911 -> "the e-mail address or password is wrong";
      case 913 -> "that is not allowed while appearing offline";
      case 914, 915, 916 -> "the server is unavailable";
      case 917 -> "the sign-in could not be checked";
      case 920 -> "the server takes no new sign-ins now";
      case 923 -> "the Kids Passport account lacks parental consent";
      case 924 -> "the Passport account's e-mail address is not yet verified";
      case 928 -> "the sign-in ticket was refused";
      default -> "the server answered with error " + code;
    };
  }

  static ImFailure badPassword() {
    return new ImFailure(FailureCode.IM_AUTH_FAILED, "The MSN server refused the e-mail address or password.", false);
  }

  static ImFailure loginRefused(int code) {
    boolean passing = code == 500 || code == 501 || code == 600 || code == 601 || code == 604 || code == 605
        || (code >= 910 && code <= 922 && code != 911 && code != 913 && code != 917);
    return new ImFailure(code == 911 || code == 928 || code == 923 || code == 924 ? FailureCode.IM_AUTH_FAILED : FailureCode.IM_ERROR,
        "The MSN server refused the sign-in: " + errorText(code) + " (error " + code + ").", passing);
  }

  static ImFailure noCommonVersion() {
    return new ImFailure(FailureCode.IM_ERROR,
        "The MSN server speaks none of the protocol versions Parley does (MSNP2 to MSNP7 with MD5 sign-in, MSNP8 and "
            + "MSNP9 with Passport).", false);
  }

  static ImFailure tooManyRedirects() {
    return new ImFailure(FailureCode.IM_ERROR, "The MSN server sent Parley from one notification server to another too many times.", true);
  }

  static ImFailure unreachable(String where, String why) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The MSN server at " + where + " could not be reached (" + why + ").", true);
  }

  static ImFailure passportUnreachable(String url, String why) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The MSN Passport login service at " + url + " could not be reached ("
        + why + ").", true);
  }

  static ImFailure passportRefusedAnswer(String url, String what) {
    return new ImFailure(FailureCode.IM_ERROR, "The MSN Passport login service at " + url + " gave an answer Parley cannot use ("
        + what + ").", true);
  }

  static ImFailure noAnswer(String what) {
    return new ImFailure(FailureCode.IM_UNREACHABLE, "The MSN server did not answer in time (" + what + ").", true);
  }

  static ImFailure stoppedAnswering() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The MSN server stopped answering; reconnecting.", true);
  }

  static ImFailure garbage(String what) {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The MSN server sent data Parley could not read (" + what
        + "); Parley will reconnect.", true);
  }

  static ImFailure lost() {
    return new ImFailure(FailureCode.IM_CONNECTION_LOST, "The connection to the MSN server was lost; Parley will reconnect.", true);
  }

  static ImFailure signedInElsewhere() {
    return new ImFailure(FailureCode.IM_KICKED, "The MSN server closed this session because the account signed in elsewhere.", false);
  }

  static ImFailure serverShutdown() {
    return new ImFailure(FailureCode.IM_KICKED, "The MSN server is shutting down; Parley will reconnect.", true);
  }

  static ImFailure serverClosed(String why) {
    return new ImFailure(FailureCode.IM_KICKED, "The MSN server closed the connection (" + why + ").", true);
  }

  /** A command the server refused, for the reply to the page. */
  static String commandRefused(String what, int code) {
    return "The MSN server refused " + what + ": " + errorText(code) + " (error " + code + ").";
  }
}
