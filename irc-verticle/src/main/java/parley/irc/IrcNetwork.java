package parley.irc;

import java.util.List;
import java.util.Set;
import parley.contract.Capability;
import parley.contract.NetworkDescriptor;
import parley.contract.NetworkDescriptor.AddressRule;
import parley.contract.NetworkDescriptor.Server;
import parley.contract.NodeCommand;

/** What this node tells the session and the page about IRC: the node's network descriptor. */
final class IrcNetwork {
  private IrcNetwork() {}

  /** The network's id on the bus and in stored accounts (IRC: a login is a nickname, the server is named by the account). */
  public static final String ID = "irc";

  private static final String NICK_RULE = "a valid IRC nickname (1-30 letters, digits and []\\`_^{|}-, not starting with a digit or -)";

  static final NetworkDescriptor DESCRIPTOR = new NetworkDescriptor(ID, "IRC", "IRC", List.of(),
      // A login keeps its case: it is the nickname others see.
      new AddressRule("Nickname", "alice", Names.NICK.pattern(), NICK_RULE, NetworkDescriptor.NORMALIZE_NONE),
      // A peer is a nickname (a private chat) or a channel; IRC compares both without case.
      new AddressRule("Nickname or channel (#name)", "bob or #parley", Names.NICK.pattern() + "|" + Names.CHANNEL.pattern(),
          NICK_RULE + " or channel (#name)", NetworkDescriptor.NORMALIZE_LOWER),
      // No server discovery: the host is required; the port follows TLS (6697 with, 6667 without).
      new Server(NetworkDescriptor.REQUIRED, NetworkDescriptor.OPTIONAL, null, true, NetworkDescriptor.TLS_REQUIRED,
          "irc.libera.chat", ConnectRequest.TLS_PORT + " (" + ConnectRequest.PLAIN_PORT + " without TLS)",
          "\"Required\" connects over TLS (port 6697 unless you name another). \"If offered\" connects unencrypted "
              + "(port 6667), the password included: IRC servers offer no encryption on their plain port."),
      // Channels are group chats on the room contract; a private chat needs no contact list.
      Set.of(Capability.GROUP_CHATS, Capability.TYPING, Capability.PRESENCE_MESSAGES),
      Set.of(NodeCommand.DISCONNECT, NodeCommand.RESYNC, NodeCommand.SEND_MESSAGE, NodeCommand.SEND_TYPING,
          NodeCommand.SET_PRESENCE, NodeCommand.JOIN_ROOM, NodeCommand.LEAVE_ROOM, NodeCommand.SEND_ROOM_MESSAGE,
          NodeCommand.SET_ROOM_SUBJECT, NodeCommand.INVITE_TO_ROOM, NodeCommand.DECLINE_INVITATION),
      // A room is a channel: the prefixes servers use (# and & everywhere, ! and + on some); the node checks the
      // server's own CHANTYPES on joining.
      new AddressRule("Channel", "#parley", Names.CHANNEL.pattern(), Names.CHANNEL_RULE, NetworkDescriptor.NORMALIZE_LOWER));
}
