package parley.irc;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts an IRC protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterBoot.main(ParleyProcess.IRC, args, IrcNodeVerticle::new);
  }
}
