package parley.xmpp;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts an XMPP protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(ParleyProcess.XMPP, args, XmppNodeVerticle::new);
  }
}
