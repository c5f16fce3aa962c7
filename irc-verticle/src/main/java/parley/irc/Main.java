package parley.irc;

import parley.boot.ClusterBoot;
import parley.boot.ParleyProcess;

/** Starts an IRC protocol node that joins the Parley cluster. */
public final class Main {
  private Main() {}

  /** This module's kind of process: its label, and its management port (9406) when none is set. */
  public static final ParleyProcess PROCESS = new ParleyProcess("IRC node", 9406);

  public static void main(String[] args) {
    ClusterBoot.main(PROCESS, args, IrcNodeVerticle::new);
  }
}
