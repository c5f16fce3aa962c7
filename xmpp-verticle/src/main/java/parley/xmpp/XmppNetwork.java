package parley.xmpp;

import java.util.List;
import java.util.Set;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.NetworkDescriptor.Server;
import parley.contract.NodeCommand;

/** What this node tells the session and the page about XMPP: the node's network descriptor. */
public final class XmppNetwork {
  private XmppNetwork() {}

  /** The network's id on the bus and in stored accounts (XMPP, also called Jabber). */
  public static final String ID = "xmpp";

  /** A bare address (a resource allowed); the session checks it in depth by RFC 7622 ({@code normalize: jid}). */
  private static final String JID = "[^@/\\s]+@[^@/\\s]+(/.*)?";
  private static final String JID_RULE = "a valid address (it should look like name@example.org)";

  public static final NetworkDescriptor DESCRIPTOR = new NetworkDescriptor(ID, "XMPP (Jabber)", "XMPP", List.of(),
      new AddressRule("Address (JID)", "alice@example.org", JID, JID_RULE, NetworkDescriptor.NORMALIZE_JID),
      new AddressRule("Address (JID)", "bob@example.org", JID, JID_RULE, NetworkDescriptor.NORMALIZE_JID),
      // The server is found from the address (DNS SRV) unless the account names one.
      new Server(NetworkDescriptor.OPTIONAL, NetworkDescriptor.OPTIONAL, null, true, NetworkDescriptor.TLS_REQUIRED,
          "from the address", "5222",
          "\"Required\" connects only over an encrypted connection. \"If offered\" encrypts when the server offers it and "
              + "otherwise connects unencrypted: for a local test server without TLS."),
      Set.of(Capability.ROSTER, Capability.SUBSCRIPTIONS, Capability.GROUP_CHATS, Capability.TYPING, Capability.RECEIPTS,
          Capability.MARKERS, Capability.CORRECTIONS, Capability.RETRACTIONS, Capability.FILES, Capability.AVATARS,
          Capability.OWN_AVATAR, Capability.BLOCKING, Capability.ARCHIVE, Capability.PRESENCE_MESSAGES),
      Set.of(NodeCommand.DISCONNECT, NodeCommand.RESYNC, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING,
          NodeCommand.SEND_CORRECTION, NodeCommand.SEND_RETRACTION, NodeCommand.SEND_DISPLAYED, NodeCommand.SET_PRESENCE,
          NodeCommand.ADD_CONTACT, NodeCommand.REMOVE_CONTACT, NodeCommand.BLOCK, NodeCommand.UNBLOCK,
          NodeCommand.ANSWER_SUBSCRIPTION, NodeCommand.ARCHIVE_QUERY, NodeCommand.UPLOAD_SLOT, NodeCommand.SET_AVATAR,
          NodeCommand.JOIN_ROOM, NodeCommand.ROOM_ARCHIVE_QUERY, NodeCommand.LEAVE_ROOM, NodeCommand.SEND_ROOM_MESSAGE,
          NodeCommand.SET_ROOM_SUBJECT, NodeCommand.INVITE_TO_ROOM, NodeCommand.DECLINE_INVITATION,
          NodeCommand.SET_BOOKMARK, NodeCommand.REMOVE_BOOKMARK));
}
