package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.node.DeclineInvitation;
import parley.contract.node.InviteToRoom;
import parley.contract.node.JoinRoom;
import parley.contract.node.LeaveRoom;
import parley.contract.node.SendMessage;
import parley.contract.node.SendRoomMessage;
import parley.contract.node.SetRoomSubject;
import parley.contract.node.SendTyping;
import parley.contract.node.SetPresence;
import parley.nodekit.NodeEvents;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * The IRC protocol node. All its connections share one non-blocking {@link NetClient}; every account
 * runs on this verticle's context. A peer is a nickname (a private chat); a channel is a group chat
 * on the room contract ({@link RoomChannels}).
 */
public final class IrcNodeVerticle extends ProtocolNodeVerticle<IrcAccount> {
  private static final Logger log = LoggerFactory.getLogger(IrcNodeVerticle.class);

  private IrcNodeConfig config;
  private NetClient client;
  private ClientSSLOptions tls;

  @Override
  protected NetworkDescriptor descriptor() {
    return IrcNetwork.DESCRIPTOR;
  }

  @Override
  protected void setUp() {
    config = IrcNodeConfig.from(section());
    client = tcpClient(config.connectTimeoutSeconds());
    // The server's certificate must be valid for the host the account names.
    tls = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(trusting(config.trustedCertificate()));
  }

  @Override
  protected IrcAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new IrcAccount(vertx, client, tls, config, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, IrcAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        yield held(account).sendMessage(target(m.to(), "to"), m.text(), m.messageId());
      }
      case NodeCommand.SEND_TYPING -> {
        SendTyping t = SendTyping.fromJson(body);
        yield held(account).sendTyping(target(t.to(), "to"), t.state());
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(OwnPresence.of(SetPresence.fromJson(body)));
      case NodeCommand.JOIN_ROOM -> {
        JoinRoom j = JoinRoom.fromJson(body);
        String room = room(j.room());
        if (j.password() != null && !j.password().matches("[^\\s,\\x00]*")) {
          throw FailureCode.INVALID_FIELD.exception("A channel key (password) has at most 256 characters and no spaces or commas.");
        }
        yield held(account).joinRoom(room, j.password());
      }
      case NodeCommand.LEAVE_ROOM -> held(account).leaveRoom(room(LeaveRoom.fromJson(body).room()));
      case NodeCommand.SEND_ROOM_MESSAGE -> {
        SendRoomMessage m = SendRoomMessage.fromJson(body);
        yield held(account).sendRoomMessage(room(m.room()), m.text(), m.messageId());
      }
      case NodeCommand.SET_ROOM_SUBJECT -> {
        SetRoomSubject t = SetRoomSubject.fromJson(body);
        yield held(account).setRoomSubject(room(t.room()), t.subject());
      }
      case NodeCommand.INVITE_TO_ROOM -> {
        InviteToRoom i = InviteToRoom.fromJson(body);
        String room = room(i.room());
        String nick = i.jid().trim();
        if (!Names.nick(nick)) {
          throw FailureCode.INVALID_JID.exception("The field 'jid' must be " + Names.NICK_RULE + ".");
        }
        yield held(account).inviteToRoom(room, nick);
      }
      // IRC has no way to decline an invitation: nothing is sent, and the session forgets it.
      case NodeCommand.DECLINE_INVITATION -> {
        room(DeclineInvitation.fromJson(body).room());
        yield Future.succeededFuture(new JsonObject());
      }
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  /** A nickname or a channel. */
  private static String target(JsonObject body, String field) {
    return target(body.getValue(field) instanceof String s ? s : null, field);
  }

  /** {@code value} of {@code field} (null when absent) as a nick or channel. */
  private static String target(String value, String field) {
    String text = value == null ? null : value.trim();
    if (!Names.nick(text) && !Names.channel(text)) {
      throw FailureCode.INVALID_JID.exception("The field '" + field + "' must be " + Names.TARGET_RULE + ".");
    }
    return text;
  }

  /** A group chat is a channel (the server's own CHANTYPES are checked on joining). */
  private static String room(String value) {
    String text = value.trim();
    if (!Names.channel(text)) {
      throw FailureCode.INVALID_JID.exception("The field 'room' must be " + Names.CHANNEL_RULE + ".");
    }
    return text;
  }
}
