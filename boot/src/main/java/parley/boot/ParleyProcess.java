package parley.boot;

import java.util.List;

/**
 * A kind of Parley process; the configuration check asks each for the settings it needs. The
 * built-in kinds are below; a protocol node module names its own kind (its label and default
 * management port) without a change here.
 */
public record ParleyProcess(String label, int managementPort) {
  public static final ParleyProcess SESSION = new ParleyProcess("Session", 9402);
  public static final ParleyProcess WEB = new ParleyProcess("Web", 9401);
  public static final ParleyProcess XMPP = new ParleyProcess("XMPP node", 9404);
  public static final ParleyProcess OSCAR = new ParleyProcess("OSCAR node", 9405);
  public static final ParleyProcess BILLING = new ParleyProcess("Billing", 9403);
  public static final ParleyProcess ALL_IN_ONE = new ParleyProcess("Parley", 9400);

  /** The kinds this module knows; node modules add theirs (each with a management port of its own: IRC's 9406 is in irc-verticle's Main). */
  public static final List<ParleyProcess> BUILT_IN = List.of(SESSION, WEB, XMPP, OSCAR, BILLING, ALL_IN_ONE);

  public ParleyProcess {
    if (label == null || label.isBlank() || managementPort < 0 || managementPort > 65535) {
      throw new IllegalArgumentException("a process kind needs a label and a management port (0-65535)");
    }
  }

  /** How the process names itself in the log ("Session joined the cluster"). */
  @Override
  public String toString() {
    return label;
  }
}
