package parley.contract;

/** IM networks a protocol node can speak. */
public final class Network {
  private Network() {}

  public static final String XMPP = "xmpp";

  /** AIM and ICQ, both over OSCAR; a login of digits only is an ICQ UIN. */
  public static final String OSCAR = "oscar";
}
