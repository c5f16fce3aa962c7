package parley.oscar;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts an OSCAR (AIM/ICQ) protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(ParleyProcess.OSCAR, args, OscarNodeVerticle::new);
  }
}
