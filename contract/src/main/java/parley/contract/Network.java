package parley.contract;

/** IM networks a protocol node can speak. */
public final class Network {
  private Network() {}

  public static final String XMPP = "xmpp";

  /** AIM and ICQ, both over OSCAR; a login of digits only is an ICQ UIN. */
  public static final String OSCAR = "oscar";

  /** IRC: a login is a nickname, the server is named by the account. */
  public static final String IRC = "irc";
}
