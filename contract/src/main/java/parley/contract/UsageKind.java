package parley.contract;

import java.util.List;

/** The kinds of use billing meters, as they appear in a usage record's {@code kind}. */
public final class UsageKind {
  private UsageKind() {}

  public static final String MESSAGE_SENT = "message-sent";
  public static final String MESSAGE_RECEIVED = "message-received";
  public static final String ONLINE_MINUTE = "online-minute";
  /** Not a use: tells billing a user exists (emitted once, at sign-up). Carries {@code username}. */
  public static final String USER_SIGNED_UP = "user-signed-up";

  /** The metered kinds, in the order pages and statements show them. */
  public static final List<String> METERED = List.of(MESSAGE_SENT, MESSAGE_RECEIVED, ONLINE_MINUTE);

  /** Usage record ids, derived from what happened so that writing one twice is harmless. */
  public static String messageId(long historyId) {
    return "msg:" + historyId;
  }

  public static String onlineMinuteId(String accountId, long epochMinute) {
    return "online:" + accountId + ":" + epochMinute;
  }

  public static String signedUpId(String userId) {
    return "user:" + userId;
  }
}
