package parley.contract;

/**
 * The bridge socket's timing and the reasons the server gives when it closes one. The page's
 * {@code contract.js} has the same values ({@code BridgeSocket}).
 */
public final class BridgeSocket {
  private BridgeSocket() {}

  /** How often the page pings the bridge. */
  public static final long PING_INTERVAL_MS = 10_000;

  /**
   * How long the bridge waits for a ping before it closes a socket: three intervals, so a ping
   * that comes a little late (a busy tab, a slow network) never closes a healthy socket.
   */
  public static final long PING_TIMEOUT_MS = 3 * PING_INTERVAL_MS;

  /**
   * Before closing a socket on purpose the server sends it the frame
   * {@code {"type": "err", "failureType": "closing", "failureCode": <close code>, "message": <reason>}}
   * (SockJS's own close frame cannot carry a reason), then closes it with that code and reason.
   */
  public static final String CLOSING_FAILURE_TYPE = "closing";

  /** Close code: the socket did not take its events as fast as they came; the page reconnects and catches up. */
  public static final int CLOSE_TOO_SLOW = 4001;
  public static final String CLOSE_TOO_SLOW_TEXT = "Your connection was too slow to keep up; reconnecting…";

  /** Close code: the user already has as many open sockets as allowed ({@code web.maxSocketsPerUser}). */
  public static final int CLOSE_TOO_MANY_SOCKETS = 4002;
  public static final String CLOSE_TOO_MANY_SOCKETS_TEXT =
      "Too many Parley windows are open for this user; close some of them and reload this one.";
}
