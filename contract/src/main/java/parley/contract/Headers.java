package parley.contract;

/** Event-bus message headers with a meaning in the contract. */
public final class Headers {
  private Headers() {}

  /** The signed-in Parley user a browser command comes from. Set by the bridge, never by the client. */
  public static final String USER_ID = "parley-user-id";

  /**
   * What a message to a shard address ({@link Addresses#sessionShard(int)}) is: {@link #KIND_COMMAND},
   * {@link #KIND_BROWSER} or {@link #KIND_IM_EVENT}.
   */
  public static final String KIND = "parley-kind";

  /** A browser command (as sent to {@link Addresses#BROWSER_COMMANDS}), with {@link #USER_ID}. */
  public static final String KIND_COMMAND = "command";

  /** A browser attached or detached (as sent to {@link Addresses#SESSION_BROWSERS}). */
  public static final String KIND_BROWSER = "browser";

  /** A protocol node's event (as sent to {@link Addresses#SESSION_IM_EVENTS}). */
  public static final String KIND_IM_EVENT = "im-event";

  /**
   * On a message a sender queues for a shard address (an {@link #KIND_IM_EVENT}, a {@link #KIND_BROWSER}):
   * how long the sender had held it when this try went (ms), waiting behind the shard's earlier
   * messages while an owner was taking them (time waiting for an owner, after a takeover, is not
   * counted). A session process refuses new sends while the events reaching it were held long: that
   * backlog is in the nodes, where its own queues do not show it.
   */
  public static final String HELD_MS = "parley-held-ms";

  /**
   * A {@code sign-out} (as sent to {@link Addresses#SESSION_AUTH}), passed on by the session process
   * that took it to the one owning the user's shard.
   */
  public static final String KIND_SIGN_OUT = "sign-out";
}
