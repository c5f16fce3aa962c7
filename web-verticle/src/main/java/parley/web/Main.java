package parley.web;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Runs the web verticle as its own process in the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(ParleyProcess.WEB, args, WebVerticle::new);
  }
}
