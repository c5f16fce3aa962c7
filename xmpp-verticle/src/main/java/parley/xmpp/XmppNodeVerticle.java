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
import parley.contract.FailureCode;
import parley.contract.Limits;
import parley.contract.NetworkDescriptor;
import parley.contract.NodeCommand;
import parley.contract.node.AddContact;
import parley.contract.node.AnswerSubscription;
import parley.contract.node.ArchiveQuery;
import parley.contract.node.Block;
import parley.contract.node.RemoveContact;
import parley.contract.node.SendCorrection;
import parley.contract.node.SendDisplayed;
import parley.contract.node.SendMessage;
import parley.contract.node.SendRetraction;
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
  protected String network() {
    return XmppNetwork.ID;
  }

  @Override
  protected void setUp() {
    config = XmppNodeConfig.from(config().getJsonObject("xmpp"));
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
        RoomJid room = Fields.roomJid(body, "room");
        String nick = Fields.nick(body, "nick");
        yield held(account).joinRoom(room, nick, roomPassword(body));
      }
      case NodeCommand.ROOM_ARCHIVE_QUERY -> {
        RoomJid room = Fields.roomJid(body, "room");
        String before = NodeFields.optionalString(body, "before", null);
        if (before != null && (before.isEmpty() || before.length() > ConnectRequest.MAX_ARCHIVE_ID)) {
          throw NodeFields.invalid("before");
        }
        Fields.carriable("The room's stanza id", before);
        int max = body.getValue("max") instanceof Number n ? Math.max(1, Math.min(Limits.MAX_HISTORY_PAGE, n.intValue())) : 50;
        yield held(account).roomArchivePage(room, before, max);
      }
      case NodeCommand.LEAVE_ROOM -> held(account).leaveRoom(Fields.roomJid(body, "room"));
      case NodeCommand.SEND_ROOM_MESSAGE -> {
        RoomJid room = Fields.roomJid(body, "room");
        String text = NodeFields.requireString(body, "text");
        if (text.length() > Limits.MAX_TEXT_CHARS) {
          throw FailureCode.TEXT_TOO_LONG.exception(null);
        }
        Fields.carriable("The message", text);
        yield held(account).sendRoomMessage(room, text, historyId(body));
      }
      case NodeCommand.SET_ROOM_SUBJECT -> {
        RoomJid room = Fields.roomJid(body, "room");
        String subject = NodeFields.requireString(body, "subject");
        if (subject.length() > MAX_SUBJECT_CHARS) {
          throw FailureCode.TEXT_TOO_LONG.exception("A room's subject may have at most " + MAX_SUBJECT_CHARS + " characters.");
        }
        yield held(account).setRoomSubject(room, Fields.carriable("The subject", subject));
      }
      case NodeCommand.INVITE_TO_ROOM -> {
        RoomJid room = Fields.roomJid(body, "room");
        BareJid who = Fields.bareJid(body, "jid");
        yield held(account).inviteToRoom(room, who, reason(body));
      }
      case NodeCommand.DECLINE_INVITATION -> {
        RoomJid room = Fields.roomJid(body, "room");
        BareJid inviter = Fields.bareJid(body, "jid");
        yield held(account).declineInvitation(room, inviter, reason(body));
      }
      case NodeCommand.SET_BOOKMARK -> {
        RoomJid room = Fields.roomJid(body, "room");
        String nick = body.getValue("nick") == null ? null : Fields.nick(body, "nick");
        String name = Fields.carriable("The room's name", NodeFields.optionalString(body, "name", null));
        if (name != null && name.length() > 200) {
          throw NodeFields.invalid("name");
        }
        yield held(account).setBookmark(room, nick, name, body.getValue("autojoin") instanceof Boolean b && b, roomPassword(body));
      }
      case NodeCommand.REMOVE_BOOKMARK -> held(account).removeBookmark(Fields.roomJid(body, "room"));
      default -> throw FailureCode.UNKNOWN_TYPE.exception(null);
    };
  }

  static final int MAX_ROOM_PASSWORD_CHARS = Bookmarks.MAX_PASSWORD_CHARS;

  /** A room's optional password (join, bookmark): null when there is none. */
  private static String roomPassword(JsonObject body) {
    String password = Fields.carriable("The room password", NodeFields.optionalString(body, "password", null));
    if (password != null && password.length() > MAX_ROOM_PASSWORD_CHARS) {
      throw NodeFields.invalid("password");
    }
    return password == null || password.isEmpty() ? null : password;
  }
  static final int MAX_SUBJECT_CHARS = 1000;

  /** An invitation's optional reason: one line of at most {@link Rooms#MAX_REASON_CHARS} characters. */
  private static String reason(JsonObject body) {
    String reason = Fields.carriable("The reason", NodeFields.optionalString(body, "reason", null));
    if (reason != null && reason.length() > Rooms.MAX_REASON_CHARS) {
      throw FailureCode.TEXT_TOO_LONG.exception("A reason may have at most " + Rooms.MAX_REASON_CHARS + " characters.");
    }
    return reason;
  }

  /** Longer names than this are refused before the server is asked. */
  static final int MAX_FILENAME_CHARS = 200;

  /** The history id of a message Parley sent (digits), which its stanza id carries. */
  private static String historyId(JsonObject body) {
    String id = NodeFields.requireString(body, "messageId");
    if (!id.matches("[0-9]{1,18}")) {
      throw NodeFields.invalid("messageId");
    }
    return id;
  }
}
