package parley.boot;

/** The kinds of Parley process; the configuration check asks each for the settings it needs. */
public enum ParleyProcess {
  SESSION("Session", 9402),
  WEB("Web", 9401),
  XMPP("XMPP node", 9404),
  OSCAR("OSCAR node", 9405),
  IRC("IRC node", 9406),
  BILLING("Billing", 9403),
  ALL_IN_ONE("Parley", 9400);

  private final String label;
  private final int managementPort;

  ParleyProcess(String label, int managementPort) {
    this.label = label;
    this.managementPort = managementPort;
  }

  /** The default port of this process's management server (metrics, health): each kind its own, so several fit on one machine. */
  public int managementPort() {
    return managementPort;
  }

  /** How the process names itself in the log ("Session joined the cluster"). */
  @Override
  public String toString() {
    return label;
  }
}
