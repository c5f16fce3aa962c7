package parley.oscar;

import java.util.List;
import java.util.Set;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.NetworkDescriptor.Badge;
import parley.contract.NetworkDescriptor.Server;
import parley.contract.NodeCommand;

/** What this node tells the session and the page about AIM and ICQ: the node's network descriptor. */
public final class OscarNetwork {
  private OscarNetwork() {}

  /** The network's id on the bus and in stored accounts (AIM and ICQ, both over OSCAR; a login of digits only is an ICQ UIN). */
  public static final String ID = "oscar";

  /** The usual OSCAR port; OSCAR has no server discovery, so the page fills it in. */
  static final int DEFAULT_PORT = 5190;
  /** An AIM screen name or an ICQ number, as {@link ScreenNames} accepts them. */
  private static final String NAME = "[A-Za-z][A-Za-z0-9 ]{2,15}|[0-9]{5,10}";
  private static final String NAME_RULE = "a valid AIM screen name (3-16 letters, digits and spaces, starting with a letter)"
      + " or ICQ number (5-10 digits)";

  public static final NetworkDescriptor DESCRIPTOR = new NetworkDescriptor(ID, "AIM / ICQ", "AIM/ICQ",
      // A login of digits only is an ICQ number.
      List.of(new Badge("[0-9]+", "ICQ"), new Badge(".*", "AIM")),
      new AddressRule("Screen name or ICQ number", "Alice Smith or 123456789", NAME, NAME_RULE,
          NetworkDescriptor.NORMALIZE_LOWER_NO_SPACES),
      new AddressRule("Screen name or ICQ number", "Bob Jones or 987654321", NAME, NAME_RULE,
          NetworkDescriptor.NORMALIZE_LOWER_NO_SPACES),
      // No server discovery (AOL's servers are gone): the account names the server; no TLS to choose.
      new Server(NetworkDescriptor.REQUIRED, NetworkDescriptor.REQUIRED, DEFAULT_PORT, false, NetworkDescriptor.TLS_REQUIRED,
          "aim.example.org", String.valueOf(DEFAULT_PORT), null),
      Set.of(Capability.ROSTER, Capability.SUBSCRIPTIONS, Capability.TYPING, Capability.PRESENCE_MESSAGES,
          Capability.ONE_LOGIN_AT_A_TIME),
      Set.of(NodeCommand.DISCONNECT, NodeCommand.RESYNC, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING,
          NodeCommand.SET_PRESENCE, NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.ANSWER_SUBSCRIPTION));
}
