package parley.contract.boot;

/** The kinds of Parley process; the configuration check asks each for the settings it needs. */
public enum ParleyProcess {
  SESSION("Session"),
  WEB("Web"),
  XMPP("XMPP node"),
  OSCAR("OSCAR node"),
  BILLING("Billing"),
  ALL_IN_ONE("Parley");

  private final String label;

  ParleyProcess(String label) {
    this.label = label;
  }

  /** How the process names itself in the log ("Session joined the cluster"). */
  @Override
  public String toString() {
    return label;
  }
}
