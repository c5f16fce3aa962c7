package parley.contract;

/** Message types the web verticle sends to the session verticle; their records are in {@link parley.contract.session}. */
public final class SessionRequest {
  private SessionRequest() {}

  /** To {@link Addresses#SESSION_AUTH}. */
  public static final String SIGN_UP = "sign-up";
  public static final String SIGN_IN = "sign-in";
  public static final String SIGN_OUT = "sign-out";

  /** To {@link Addresses#SESSION_BROWSERS}. */
  public static final String BROWSER_ATTACHED = "browser-attached";
  public static final String BROWSER_DETACHED = "browser-detached";
}
