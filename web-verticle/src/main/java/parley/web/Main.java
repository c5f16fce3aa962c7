package parley.web;

import parley.contract.boot.ClusterBoot;

/** Runs the web verticle as its own process in the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main("Web", args, WebVerticle::new);
  }
}
