package parley.yahoo;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts a Yahoo protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  static final ParleyProcess YAHOO_NODE = new ParleyProcess("Yahoo node", 9408);

  public static void main(String[] args) {
    ClusterBoot.main(YAHOO_NODE, args, YahooNodeVerticle::new);
  }
}
