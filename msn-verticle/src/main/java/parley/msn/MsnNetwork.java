package parley.msn;

import java.util.List;
import java.util.Set;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.NetworkDescriptor.Server;
import parley.contract.NodeCommand;
import parley.msn.wire.Names;

/** What this node tells the session and the page about MSN Messenger: the node's network descriptor. */
public final class MsnNetwork {
  private MsnNetwork() {}

  /** The network id: defined here, by the module, not in the contract's list of built-in networks. */
  public static final String ID = "msn";
  /** The notification server's port (the dispatch server of the original network and of the revival servers). */
  public static final int DEFAULT_PORT = 1863;

  public static final NetworkDescriptor DESCRIPTOR = new NetworkDescriptor(ID, "MSN Messenger", "MSN", List.of(),
      new AddressRule("E-mail address", "alice@hotmail.com", Names.EMAIL_PATTERN, Names.EMAIL_RULE, NetworkDescriptor.NORMALIZE_LOWER),
      new AddressRule("E-mail address", "bob@hotmail.com", Names.EMAIL_PATTERN, Names.EMAIL_RULE, NetworkDescriptor.NORMALIZE_LOWER),
      // Microsoft's servers are gone: the account names its revival server. MSNP runs on plain TCP, no TLS to choose.
      new Server(NetworkDescriptor.REQUIRED, NetworkDescriptor.REQUIRED, DEFAULT_PORT, false, NetworkDescriptor.TLS_REQUIRED,
          "messenger.example.org", String.valueOf(DEFAULT_PORT), null),
      Set.of(Capability.ROSTER, Capability.SUBSCRIPTIONS, Capability.TYPING, Capability.ONE_LOGIN_AT_A_TIME),
      Set.of(NodeCommand.DISCONNECT, NodeCommand.RESYNC, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING,
          NodeCommand.SET_PRESENCE, NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.ANSWER_SUBSCRIPTION));
}
