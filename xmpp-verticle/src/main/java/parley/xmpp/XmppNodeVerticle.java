package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.nio.file.Path;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.TrustedCertificates;
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.node.AddContact;
import parley.contract.node.AnswerSubscription;
import parley.contract.node.ArchiveQuery;
import parley.contract.node.Block;
import parley.contract.node.DeclineInvitation;
import parley.contract.node.InviteToRoom;
import parley.contract.node.JoinRoom;
import parley.contract.node.LeaveRoom;
import parley.contract.node.RemoveBookmark;
import parley.contract.node.RemoveContact;
import parley.contract.node.RoomArchiveQuery;
import parley.contract.node.SendCorrection;
import parley.contract.node.SendDisplayed;
import parley.contract.node.SendMessage;
import parley.contract.node.SendRetraction;
import parley.contract.node.SendRoomMessage;
import parley.contract.node.SetBookmark;
import parley.contract.node.SetRoomSubject;
import parley.contract.node.SendTyping;
import parley.contract.node.SetAvatar;
import parley.contract.node.SetPresence;
import parley.contract.node.Unblock;
import parley.contract.node.UploadSlot;
import parley.nodekit.NodeEvents;
import parley.nodekit.NodeFields;
import parley.nodekit.OwnPresence;
import parley.nodekit.ProtocolNodeVerticle;

/**
 * The XMPP protocol node: routes the node commands of the bus contract to the connections it
 * holds, all on this verticle's event loop ({@link XmppAccount}, on Parley's own XMPP client).
 */
public final class XmppNodeVerticle extends ProtocolNodeVerticle<XmppAccount> {
  private static final Logger log = LoggerFactory.getLogger(XmppNodeVerticle.class);

  private XmppNodeConfig config;
  private X509TrustManager trust;
  private NetClient net;
  private Endpoints endpoints;
  private LoginGate logins;

  @Override
  protected NetworkDescriptor descriptor() {
    return XmppNetwork.DESCRIPTOR;
  }

  @Override
  protected void setUp() {
    config = XmppNodeConfig.from(section());
    trust = config.trustedCertificate() == null ? null : TrustedCertificates.fromPem(Path.of(config.trustedCertificate()));
    net = vertx.createNetClient(netClientOptions(config.tlsEngine()));
    endpoints = new Endpoints(vertx, config.dnsServer());
    logins = new LoginGate(config.maxLoginsInProgress());
  }

  /** The node's {@code NetClient} options, with the TLS engine {@code xmpp.tlsEngine} asks for. */
  static NetClientOptions netClientOptions(String tlsEngine) {
    return new NetClientOptions().setSslEngineOptions(tlsEngine(tlsEngine));
  }

  /**
   * BoringSSL does a client's TLS handshake for a fraction of the CPU of the JDK's engine (docs/benchmarks.md,
   * login storm); the same trust manager and host-name check either way. The JDK's where BoringSSL cannot load.
   */
  private static SSLEngineOptions tlsEngine(String wanted) {
    if (wanted.equals("openssl") && OpenSSLEngineOptions.isAvailable()) {
      log.info("TLS engine: OpenSSL (BoringSSL)");
      return new OpenSSLEngineOptions();
    }
    log.info("TLS engine: the JDK's{}", wanted.equals("openssl") ? " (OpenSSL is not available here)" : "");
    return new JdkSSLEngineOptions();
  }

  @Override
  protected Future<?> tearDown() {
    return Future.join(net.close(), endpoints.close());
  }

  @Override
  protected XmppAccount open(JsonObject connect, NodeEvents events, Runnable onGone) {
    ConnectRequest request = ConnectRequest.parse(connect);
    log.info("{} for user {}", request, request.userId());
    return new XmppAccount(vertx, net, endpoints, logins, config, trust, request, events, onGone);
  }

  @Override
  protected Future<?> command(String type, JsonObject body, XmppAccount account) {
    // Validate before looking at the connection, so a bad command is reported as such.
    return switch (type) {
      case NodeCommand.SEND_MESSAGE -> {
        SendMessage m = SendMessage.fromJson(body);
        BareJid to = Fields.bareJid(m.to(), "to");
        Fields.carriable("The message", m.text());
        yield held(account).sendMessage(to, m.text(), m.messageId());
      }
      case NodeCommand.SEND_TYPING -> {
        SendTyping t = SendTyping.fromJson(body);
        yield held(account).sendTyping(Fields.bareJid(t.to(), "to"), TypingState.of(t.state()));
      }
      case NodeCommand.SEND_CORRECTION -> {
        SendCorrection c = SendCorrection.fromJson(body);
        BareJid to = Fields.bareJid(c.to(), "to");
        Fields.carriable("The message", c.text());
        yield held(account).sendCorrection(to, c.text(), c.messageId());
      }
      case NodeCommand.SEND_RETRACTION -> {
        SendRetraction r = SendRetraction.fromJson(body);
        yield held(account).sendRetraction(Fields.bareJid(r.to(), "to"), r.messageId());
      }
      case NodeCommand.SEND_DISPLAYED -> {
        SendDisplayed d = SendDisplayed.fromJson(body);
        BareJid to = Fields.bareJid(d.to(), "to");
        if (d.id().length() > Receipts.MAX_ID_CHARS) {
          throw NodeFields.invalid("id");
        }
        yield held(account).sendDisplayed(to, Fields.carriable("The message id", d.id()));
      }
      case NodeCommand.SET_PRESENCE -> held(account).setPresence(Fields.carriable(OwnPresence.of(SetPresence.fromJson(body))));
      case NodeCommand.ADD_CONTACT -> {
        AddContact c = AddContact.fromJson(body);
        BareJid jid = Fields.bareJid(c.jid(), "jid");
        String name = Fields.carriable("The contact name", c.name());
        String group = Fields.carriable("The group", c.group());
        yield held(account).addContact(jid, name == null || name.isBlank() ? null : name, group);
      }
      case NodeCommand.REMOVE_CONTACT -> held(account).removeContact(Fields.bareJid(RemoveContact.fromJson(body).jid(), "jid"));
      case NodeCommand.BLOCK -> held(account).setBlocked(Fields.bareJid(Block.fromJson(body).jid(), "jid"), true);
      case NodeCommand.UNBLOCK -> held(account).setBlocked(Fields.bareJid(Unblock.fromJson(body).jid(), "jid"), false);
      case NodeCommand.ANSWER_SUBSCRIPTION -> {
        AnswerSubscription a = AnswerSubscription.fromJson(body);
        yield held(account).answerSubscription(Fields.bareJid(a.jid(), "jid"), a.approve());
      }
      case NodeCommand.ARCHIVE_QUERY -> {
        ArchiveQuery q = ArchiveQuery.fromJson(body);
        BareJid with = Fields.bareJid(q.with(), "with");
        if (q.before() != null && q.before().length() > ConnectRequest.MAX_ARCHIVE_ID) {
          throw NodeFields.invalid("before");
        }
        Fields.carriable("The archive id", q.before());
        yield held(account).archivePage(with, q.before(), q.end(), q.max());
      }
      case NodeCommand.UPLOAD_SLOT -> {
        UploadSlot u = UploadSlot.fromJson(body);
        String filename = Fields.carriable("The file name", u.filename());
        if (filename.isBlank() || filename.length() > MAX_FILENAME_CHARS || filename.contains("/") || filename.contains("\\")) {
          throw FailureCode.INVALID_FIELD.exception("The file name must be 1 to " + MAX_FILENAME_CHARS + " characters without slashes.");
        }
        long size = u.size();
        String contentType = u.contentType();
        if (contentType != null && !contentType.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}")) {
          throw NodeFields.invalid("contentType");
        }
        yield held(account).uploadSlot(filename, size, contentType);
      }
      case NodeCommand.SET_AVATAR -> {
        byte[] data;
        try {
          data = java.util.Base64.getDecoder().decode(SetAvatar.fromJson(body).data());
        } catch (IllegalArgumentException e) {
          throw FailureCode.INVALID_FIELD.exception("The picture is not valid base64.");
        }
        try {
          yield held(account).setAvatar(Avatars.own(data, config.maxAvatarBytes()));
        } catch (Avatars.Refused e) {
          throw FailureCode.INVALID_FIELD.exception(e.getMessage());
        }
      }
      case NodeCommand.JOIN_ROOM -> {
        JoinRoom j = JoinRoom.fromJson(body);
        RoomJid room = Fields.roomJid(j.room(), "room");
        yield held(account).joinRoom(room, Fields.nick(j.nick()), roomPassword(j.password()));
      }
      case NodeCommand.ROOM_ARCHIVE_QUERY -> {
        RoomArchiveQuery q = RoomArchiveQuery.fromJson(body);
        RoomJid room = Fields.roomJid(q.room(), "room");
        yield held(account).roomArchivePage(room, Fields.carriable("The room's stanza id", q.before()), q.pageSize());
      }
      case NodeCommand.LEAVE_ROOM -> held(account).leaveRoom(Fields.roomJid(LeaveRoom.fromJson(body).room(), "room"));
      case NodeCommand.SEND_ROOM_MESSAGE -> {
        SendRoomMessage m = SendRoomMessage.fromJson(body);
        RoomJid room = Fields.roomJid(m.room(), "room");
        Fields.carriable("The message", m.text());
        yield held(account).sendRoomMessage(room, m.text(), historyId(m.messageId()));
      }
      case NodeCommand.SET_ROOM_SUBJECT -> {
        SetRoomSubject s = SetRoomSubject.fromJson(body);
        RoomJid room = Fields.roomJid(s.room(), "room");
        // An empty subject clears the room's (XEP-0045 8.1).
        yield held(account).setRoomSubject(room, Fields.carriable("The subject", s.subject()));
      }
      case NodeCommand.INVITE_TO_ROOM -> {
        InviteToRoom i = InviteToRoom.fromJson(body);
        RoomJid room = Fields.roomJid(i.room(), "room");
        BareJid who = Fields.bareJid(i.jid(), "jid");
        yield held(account).inviteToRoom(room, who, Fields.carriable("The reason", i.reason()));
      }
      case NodeCommand.DECLINE_INVITATION -> {
        DeclineInvitation d = DeclineInvitation.fromJson(body);
        RoomJid room = Fields.roomJid(d.room(), "room");
        BareJid inviter = Fields.bareJid(d.jid(), "jid");
        yield held(account).declineInvitation(room, inviter, Fields.carriable("The reason", d.reason()));
      }
      case NodeCommand.SET_BOOKMARK -> {
        SetBookmark b = SetBookmark.fromJson(body);
        RoomJid room = Fields.roomJid(b.room(), "room");
        String nick = b.nick() == null ? null : Fields.nick(b.nick());
        String name = Fields.carriable("The room's name", b.name());
        yield held(account).setBookmark(room, nick, name, b.autojoin(), roomPassword(b.password()));
      }
      case NodeCommand.REMOVE_BOOKMARK -> held(account).removeBookmark(Fields.roomJid(RemoveBookmark.fromJson(body).room(), "room"));
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  /** A room's password (join, bookmark), as the contract read it (at most {@link Bookmarks#MAX_PASSWORD_CHARS}): null when there is none. */
  private static String roomPassword(String password) {
    return Fields.carriable("The room password", password);
  }

  /** The history id of a message Parley sent to a room (digits), which its stanza id carries. */
  private static String historyId(String id) {
    if (id == null || !id.matches("[0-9]{1,18}")) {
      throw NodeFields.invalid("messageId");
    }
    return id;
  }

  /** Longer names than this are refused before the server is asked. */
  static final int MAX_FILENAME_CHARS = 200;
}
