package parley.contract;

/** IM networks a protocol node can speak. */
public final class Network {
  private Network() {}

  public static final String XMPP = "xmpp";

  /** AIM and ICQ, both over OSCAR; a login of digits only is an ICQ UIN. */
  public static final String OSCAR = "oscar";

  /** IRC: a login is a nickname, the server is named by the account. */
  public static final String IRC = "irc";

  /**
   * The network of an {@code account.add} that names none (pages and scripts older than network
   * descriptors); every network's rules come from its node's {@link NetworkDescriptor}.
   */
  public static final String DEFAULT = XMPP;
}
