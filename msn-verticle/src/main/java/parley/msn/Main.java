package parley.msn;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts an MSN protocol node that joins the Parley cluster. */
public final class Main {
  /** This module's kind of process: its label and default management port. */
  public static final ParleyProcess PROCESS = new ParleyProcess("MSN node", 9407);

  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(PROCESS, args, MsnNodeVerticle::new);
  }
}
