package parley.contract;

/** States of one IM account's connection, as the page shows them. */
public final class ConnectionState {
  private ConnectionState() {}

  public static final String DISCONNECTED = "disconnected";
  public static final String CONNECTING = "connecting";
  public static final String CONNECTED = "connected";
  /** Lost, and trying again with backoff. */
  public static final String RECONNECTING = "reconnecting";
  /** Gave up: the error says why (for example a wrong password). */
  public static final String FAILED = "failed";
}
