package parley.contract;

/** Event-bus message headers with a meaning in the contract. */
public final class Headers {
  private Headers() {}

  /** The signed-in Parley user a browser command comes from. Set by the bridge, never by the client. */
  public static final String USER_ID = "parley-user-id";
}
