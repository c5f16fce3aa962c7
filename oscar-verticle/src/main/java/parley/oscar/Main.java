package parley.oscar;

import parley.contract.boot.ClusterBoot;

/** Starts an OSCAR (AIM/ICQ) protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main("OSCAR node", args, OscarNodeVerticle::new);
  }
}
