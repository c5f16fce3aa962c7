package parley.contract;

/** IM networks a protocol node can speak. */
public final class Network {
  private Network() {}

  public static final String XMPP = "xmpp";
}
