package parley.yahoo;

import java.util.List;
import java.util.Set;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.NetworkDescriptor.Server;
import parley.contract.NodeCommand;

/** What this node tells the session and the page about Yahoo: its network id and descriptor. */
public final class YahooNetwork {
  private YahooNetwork() {}

  /** The network id, as in {@code parley.node.connect.yahoo}; it lives here, with the only node that speaks it. */
  public static final String ID = "yahoo";
  /** The usual YMSG port. */
  static final int DEFAULT_PORT = 5050;

  public static final NetworkDescriptor DESCRIPTOR = new NetworkDescriptor(ID, "Yahoo", "Yahoo", List.of(),
      new AddressRule("Yahoo ID", "alice_smith", YahooIds.PATTERN, YahooIds.RULE, NetworkDescriptor.NORMALIZE_LOWER),
      new AddressRule("Yahoo ID", "bob_jones", YahooIds.PATTERN, YahooIds.RULE, NetworkDescriptor.NORMALIZE_LOWER),
      // Yahoo's own servers are gone: the account names a revival server; YMSG runs on plain TCP.
      new Server(NetworkDescriptor.REQUIRED, NetworkDescriptor.REQUIRED, DEFAULT_PORT, false, NetworkDescriptor.TLS_REQUIRED,
          "ymsg.example.org", String.valueOf(DEFAULT_PORT), null),
      Set.of(Capability.ROSTER, Capability.SUBSCRIPTIONS, Capability.TYPING, Capability.PRESENCE_MESSAGES,
          Capability.ONE_LOGIN_AT_A_TIME),
      Set.of(NodeCommand.DISCONNECT, NodeCommand.RESYNC, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING,
          NodeCommand.SET_PRESENCE, NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.ANSWER_SUBSCRIPTION));
}
