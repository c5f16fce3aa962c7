package parley.billing;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Runs the billing verticle as its own process in the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(ParleyProcess.BILLING, args, BillingVerticle::new);
  }
}
