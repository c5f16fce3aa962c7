package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.net.ConnectException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.FailureCode;
import parley.contract.node.Contact;
import parley.contract.node.ContactPresence;
import parley.contract.node.Roster;
import parley.nodekit.ImFailure;
import parley.nodekit.OwnPresence;
import parley.oscar.wire.FeedbagItem;
import parley.oscar.wire.Flap;
import parley.oscar.wire.Foodgroups.Buddy;
import parley.oscar.wire.Foodgroups.Feedbag;
import parley.oscar.wire.Foodgroups.Icbm;
import parley.oscar.wire.Foodgroups.Icq;
import parley.oscar.wire.Foodgroups.Locate;
import parley.oscar.wire.Foodgroups.Login;
import parley.oscar.wire.Foodgroups.Oservice;
import parley.oscar.wire.IcqAutoMessage;
import parley.oscar.wire.IcqMeta;
import parley.oscar.wire.ImData;
import parley.oscar.wire.RateClass;
import parley.oscar.wire.RateParams;
import parley.oscar.wire.Reader;
import parley.oscar.wire.Snac;
import parley.oscar.wire.Tlv;
import parley.oscar.wire.TlvBlock;
import parley.oscar.wire.UserInfo;
import parley.oscar.wire.WireException;
import parley.oscar.wire.Writer;

/**
 * One signed-on session at a BOS server: presents the cookie, sets up the services (rate classes,
 * buddy list, locate, buddy, ICBM), goes online, and then turns SNACs into calls on its
 * {@link Listener} and commands into SNACs. Runs on the verticle's context.
 */
final class BosSession {
  private static final Logger log = LoggerFactory.getLogger(BosSession.class);
  private static final SecureRandom random = new SecureRandom();
  /** Text bytes that leave room in one FLAP frame for the SNAC, ICBM header and fragments. */
  static final int MAX_IM_BYTES = Flap.MAX_DATA - 512;
  static final int MAX_TRACKED_MESSAGES = 256;

  private record SentMessage(String messageId, String to) {}

  /** ICQ away texts asked for, by cookie (as hex): the buddy's info when asked. Bounded like the messages. */
  private final Map<String, UserInfo> awayTextsAsked = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, UserInfo> eldest) {
      return size() > MAX_TRACKED_MESSAGES;
    }
  };
  /** Per ICQ buddy: the status its away text was last asked for, and the text once known. */
  private final Map<String, AwayTextOf> icqAwayTexts = new java.util.HashMap<>();

  private record AwayTextOf(int status, String text) {}
  /** Foodgroups this client uses, and their versions, for CLIENT_VERSIONS and CLIENT_ONLINE. */
  private static final int[][] FOODGROUPS = {
    {Oservice.FAMILY, 4}, {Locate.FAMILY, 1}, {Buddy.FAMILY, 1}, {Icbm.FAMILY, 1}, {Feedbag.FAMILY, 4}
  };

  /** What the session reports to its account. */
  interface Listener {
    void online(Roster roster);

    void contactUpdated(Contact contact);

    void contactRemoved(String jid);

    void presence(ContactPresence presence);

    void message(String from, String text, long ts);

    void typing(String from, String state);

    /** The server answered the message {@code messageId} (as the session named it) with an error. */
    void messageFailed(String messageId, String to, ImFailure failure);

    void authorizationRequest(String from);

    /** The server moves us to another BOS server. */
    void migrate(BosTicket ticket);

    /** The session ended without {@link #close()}. */
    void ended(ImFailure failure);
  }

  private final Vertx vertx;
  private final NetClient client;
  private final OscarNodeConfig config;
  private final ConnectRequest request;
  private final BosTicket ticket;
  private final Listener listener;
  private final BuddyList buddies = new BuddyList();
  private final List<FeedbagItem> loading = new ArrayList<>();
  private final ArrayDeque<Promise<List<Integer>>> feedbagAcks = new ArrayDeque<>();
  private final RateLimiter rates;
  private final Liveness liveness;
  /** Messages sent lately, by SNAC request id: an ICBM error answers that id. Bounded: errors come soon or never. */
  private final Map<Long, SentMessage> sentMessages = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, SentMessage> eldest) {
      return size() > MAX_TRACKED_MESSAGES;
    }
  };
  private FlapSocket socket;
  private boolean online;
  private boolean closed;
  private long setupTimer = -1;
  private long requestId = 100;
  private int icqSequence;
  private OwnPresence ownPresence;

  BosSession(Vertx vertx, NetClient client, OscarNodeConfig config, ConnectRequest request, BosTicket ticket,
      OwnPresence ownPresence, Listener listener) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.request = request;
    this.ticket = ticket;
    this.ownPresence = ownPresence;
    this.listener = listener;
    this.rates = new RateLimiter(vertx, snac -> {
      if (socket != null) {
        socket.send(snac);
      }
    }, config.maxSendHoldSeconds() * 1000L);
    // The self-info query: every server answers it, with the same request id.
    this.liveness = new Liveness(vertx, () -> {
      long id = nextId();
      return rates.send(Snac.of(Oservice.FAMILY, Oservice.USER_INFO_QUERY, id, Buffer.buffer())).map(id);
    }, config.keepaliveSeconds() * 1000L, config.answerTimeoutSeconds() * 1000L,
        () -> end(Failures.stoppedAnswering(request.icq())));
  }

  void start() {
    setupTimer = vertx.setTimer(config.connectTimeoutSeconds() * 1000L,
        id -> end(Failures.noAnswer("setting up the session at " + ticket.host() + ":" + ticket.port())));
    client.connect(ticket.port(), ticket.host()).onComplete(LogContext.current().wrap(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        end(Failures.unreachable(ticket.host() + ":" + ticket.port(),
            ar.cause() instanceof ConnectException ? "the connection was refused" : "the network failed"));
        return;
      }
      socket = new FlapSocket(vertx, ar.result());
      socket.onEnd(this::end);
      socket.onFrame(this::onFrame);
      socket.send(Flap.SIGNON, Flap.signonData(TlvBlock.of(new Tlv(Login.TLV_COOKIE, ticket.cookie()))));
    }));
  }

  private void end(ImFailure failure) {
    if (closed) {
      return;
    }
    shutdown(failure.code().exception(failure.text()));
    listener.ended(failure);
  }

  /** Closes quietly: Parley ended it. */
  void close() {
    shutdown(FailureCode.NOT_CONNECTED.exception(null));
  }

  /** Stops everything; what still waits for the server fails with {@code cause}. */
  private void shutdown(Throwable cause) {
    closed = true;
    liveness.stop(cause);
    online = false;
    if (setupTimer >= 0) {
      vertx.cancelTimer(setupTimer);
      setupTimer = -1;
    }
    rates.close();
    Promise<List<Integer>> ack;
    while ((ack = feedbagAcks.poll()) != null) {
      ack.tryFail(FailureCode.NOT_CONNECTED.exception(null));
    }
    if (socket != null) {
      socket.close();
    }
  }

  boolean online() {
    return online;
  }

  /** The buddy list as the contract's contacts (as sent when the session went online). */
  Roster roster() {
    return new Roster(buddies.contacts());
  }

  // ---- incoming ----

  private void onFrame(Flap flap) {
    switch (flap.channel()) {
      case Flap.DATA -> onSnac(Snac.decode(flap.data()));
      case Flap.SIGNOFF -> onSignoff(flap.data());
      default -> { }
    }
  }

  private void onSignoff(Buffer data) {
    TlvBlock tlvs = TlvBlock.readAll(new Reader(data));
    Integer reason = tlvs.u16(Login.TLV_DISCONNECT_REASON);
    if (reason != null && reason == Login.REASON_SIGNED_ON_ELSEWHERE) {
      end(Failures.signedOnElsewhere());
    } else {
      end(Failures.serverClosed(reason == null ? "" : " (reason " + reason + ")"));
    }
  }

  private void onSnac(Snac snac) {
    switch (snac.family()) {
      case Oservice.FAMILY -> onOservice(snac);
      case Feedbag.FAMILY -> onFeedbag(snac);
      case Buddy.FAMILY -> onBuddy(snac);
      case Locate.FAMILY -> onLocate(snac);
      case Icbm.FAMILY -> onIcbm(snac);
      case Icq.FAMILY -> onIcq(snac);
      default -> log.debug("Account {} ignores {}", request.accountId(), snac);
    }
  }

  private void onOservice(Snac snac) {
    switch (snac.subtype()) {
      case Oservice.HOST_ONLINE -> {
        Writer versions = new Writer();
        for (int[] group : FOODGROUPS) {
          versions.u16(group[0]).u16(group[1]);
        }
        socket.send(Snac.of(Oservice.FAMILY, Oservice.CLIENT_VERSIONS, nextId(), versions.buffer()));
        socket.send(Snac.of(Oservice.FAMILY, Oservice.RATE_PARAMS_QUERY, nextId(), Buffer.buffer()));
      }
      case Oservice.RATE_PARAMS_REPLY -> {
        RateParams params = RateParams.read(snac.reader());
        rates.setParams(params);
        Writer ack = new Writer();
        params.classes().forEach(c -> ack.u16(c.id()));
        socket.send(Snac.of(Oservice.FAMILY, Oservice.RATE_PARAMS_SUB_ADD, nextId(), ack.buffer()));
        send(Feedbag.FAMILY, Feedbag.RIGHTS_QUERY, Buffer.buffer());
        send(Feedbag.FAMILY, Feedbag.QUERY, Buffer.buffer());
        send(Locate.FAMILY, Locate.RIGHTS_QUERY, Buffer.buffer());
        send(Buddy.FAMILY, Buddy.RIGHTS_QUERY, Buffer.buffer());
        send(Icbm.FAMILY, Icbm.PARAMETER_QUERY, Buffer.buffer());
      }
      case Oservice.RATE_PARAMS_CHANGE -> {
        Reader r = snac.reader();
        int code = r.u16("rate change code");
        RateClass changed = RateClass.read(r);
        rates.update(code, changed);
        log.info("Account {}: server rate notice {} for class {} (level {})", request.accountId(), code,
            changed.id(), changed.currentLevel());
      }
      case Oservice.USER_INFO_UPDATE -> liveness.answered(snac.requestId());
      case Oservice.PAUSE_REQ -> socket.send(Snac.of(Oservice.FAMILY, Oservice.PAUSE_ACK, nextId(), Buffer.buffer()));
      case Oservice.MIGRATE_GROUPS -> onMigrate(snac);
      default -> log.debug("Account {} ignores {}", request.accountId(), snac);
    }
  }

  private void onMigrate(Snac snac) {
    Reader r = snac.reader();
    int count = r.u16("migrated foodgroup count");
    for (int i = 0; i < count; i++) {
      r.u16("migrated foodgroup");
    }
    TlvBlock tlvs = TlvBlock.readAll(r);
    String address = tlvs.string(Login.TLV_BOS_ADDRESS);
    Tlv cookie = tlvs.get(Login.TLV_COOKIE);
    if (address == null || cookie == null) {
      throw new WireException("a migration names no server or cookie");
    }
    BosTicket next = BosTicket.of(address, ticket.port(), cookie.value());
    log.info("Account {} migrates to {}", request.accountId(), next);
    close();
    listener.migrate(next);
  }

  private void onFeedbag(Snac snac) {
    switch (snac.subtype()) {
      case Feedbag.REPLY -> {
        Reader r = snac.reader();
        r.u8("feedbag version");
        int count = r.u16("feedbag item count");
        for (int i = 0; i < count; i++) {
          loading.add(FeedbagItem.read(r));
        }
        if ((snac.flags() & Snac.FLAG_MORE) == 0) {
          buddies.load(loading);
          loading.clear();
          goOnline();
        }
      }
      case Feedbag.STATUS -> {
        Reader r = snac.reader();
        List<Integer> results = new ArrayList<>();
        while (r.hasMore()) {
          results.add(r.u16("feedbag status"));
        }
        Promise<List<Integer>> ack = feedbagAcks.poll();
        if (ack != null) {
          ack.complete(results);
        }
      }
      case Feedbag.INSERT_ITEM, Feedbag.UPDATE_ITEM -> {
        // Changes made by another session of the same user.
        for (FeedbagItem item : items(snac)) {
          buddies.put(item);
          contactChanged(item);
        }
      }
      case Feedbag.DELETE_ITEM -> {
        for (FeedbagItem item : items(snac)) {
          buddies.remove(item);
          contactChanged(item);
        }
      }
      case Feedbag.REQUEST_AUTHORIZE_TO_CLIENT -> {
        String from = snac.reader().string08("requesting screen name");
        listener.authorizationRequest(ScreenNames.normalize(from));
      }
      case Feedbag.RESPOND_AUTHORIZE_TO_CLIENT -> onAuthorizationAnswer(snac);
      default -> log.debug("Account {} ignores {}", request.accountId(), snac);
    }
  }

  private static List<FeedbagItem> items(Snac snac) {
    Reader r = snac.reader();
    List<FeedbagItem> list = new ArrayList<>();
    while (r.hasMore()) {
      list.add(FeedbagItem.read(r));
    }
    return list;
  }

  private void contactChanged(FeedbagItem item) {
    if (!item.isBuddy()) {
      return;
    }
    String jid = ScreenNames.normalize(item.name());
    Contact contact = buddies.contact(jid);
    if (contact == null) {
      listener.contactRemoved(jid);
    } else {
      listener.contactUpdated(contact);
    }
  }

  /** They answered our authorization request: granted takes the pending mark off the buddy. */
  private void onAuthorizationAnswer(Snac snac) {
    Reader r = snac.reader();
    String from = ScreenNames.normalize(r.string08("answering screen name"));
    boolean granted = r.u8("authorization flag") == 1;
    if (!granted) {
      log.info("Account {}: {} declined the authorization request", request.accountId(), from);
      return;
    }
    List<FeedbagItem> updated = new ArrayList<>();
    for (FeedbagItem item : buddies.buddies(from)) {
      FeedbagItem plain = new FeedbagItem(item.name(), item.groupId(), item.itemId(), item.classId(),
          item.attributes().copy().remove(Feedbag.TLV_PENDING_AUTH));
      buddies.put(plain);
      updated.add(plain);
    }
    if (!updated.isEmpty()) {
      feedbagEdit(Feedbag.UPDATE_ITEM, updated);
      listener.contactUpdated(buddies.contact(from));
    }
  }

  private void goOnline() {
    if (online) {
      return;
    }
    send(Feedbag.FAMILY, Feedbag.USE, Buffer.buffer());
    // ICBM parameters: channel 0 (all), flags: messages allowed, missed calls, typing notifications.
    send(Icbm.FAMILY, Icbm.ADD_PARAMETERS, new Writer().u16(0).u32(0x0000000B).u16(8000).u16(999).u16(999).u32(0).buffer());
    sendOwnPresence(ownPresence);
    Writer groups = new Writer();
    for (int[] group : FOODGROUPS) {
      groups.u16(group[0]).u16(group[1]).u16(0x0110).u16(0x164F);
    }
    send(Oservice.FAMILY, Oservice.CLIENT_ONLINE, groups.buffer());
    if (request.icq()) {
      // ICQ servers keep offline messages in ICQ's own service.
      send(Icq.FAMILY, Icq.DB_QUERY, new IcqMeta(Long.parseLong(request.screenName()), Icq.OFFLINE_REQUEST,
          nextIcqSequence(), Buffer.buffer()).encode());
    } else {
      send(Icbm.FAMILY, Icbm.OFFLINE_RETRIEVE, Buffer.buffer());
    }
    online = true;
    vertx.cancelTimer(setupTimer);
    setupTimer = -1;
    socket.keepalive(config.keepaliveSeconds() * 1000L);
    liveness.start();
    listener.online(new Roster(buddies.contacts()));
  }

  private void onBuddy(Snac snac) {
    Reader r = snac.reader();
    if (snac.subtype() == Buddy.ARRIVED) {
      while (r.hasMore()) {
        UserInfo info = UserInfo.read(r);
        if (info.icqStatus() != null) {
          listener.presence(PresenceJson.online(info, icqAwayText(info)));
        } else {
          listener.presence(PresenceJson.online(info, null));
        }
        if (info.icqStatus() == null && info.away()) {
          // The away message is not in the arrival: ask for it.
          send(Locate.FAMILY, Locate.USER_INFO_QUERY2,
              new Writer().u32(Locate.QUERY_AWAY_MESSAGE).string08(info.screenName()).buffer());
        }
      }
    } else if (snac.subtype() == Buddy.DEPARTED) {
      while (r.hasMore()) {
        String screenName = UserInfo.read(r).screenName();
        icqAwayTexts.remove(ScreenNames.normalize(screenName));
        listener.presence(PresenceJson.offline(screenName));
      }
    }
  }

  /**
   * ICQ's way: the status TLV carries no text, so it is asked of the buddy's client (an
   * auto-message request) when the status changes; returns the text already known for this status.
   */
  private String icqAwayText(UserInfo info) {
    String jid = ScreenNames.normalize(info.screenName());
    int status = info.icqStatus();
    int type = PresenceJson.icqAutoMessageType(status);
    if (type < 0) {
      icqAwayTexts.remove(jid);
      return null;
    }
    AwayTextOf known = icqAwayTexts.get(jid);
    if (known != null && known.status() == status) {
      return known.text();
    }
    icqAwayTexts.put(jid, new AwayTextOf(status, null));
    byte[] cookie = new byte[8];
    random.nextBytes(cookie);
    awayTextsAsked.put(Buffer.buffer(cookie).toString(StandardCharsets.ISO_8859_1), info);
    send(Icbm.FAMILY, Icbm.CHANNEL_MSG_TOHOST, IcqAutoMessage.request(Buffer.buffer(cookie), info.screenName(), type));
    return null;
  }

  private void onIcqAwayText(Snac snac) {
    IcqAutoMessage.Answer answer = IcqAutoMessage.Answer.read(snac.reader());
    UserInfo info = answer == null ? null : awayTextsAsked.remove(answer.cookie().toString(StandardCharsets.ISO_8859_1));
    if (info == null) {
      return;
    }
    String text = MessageText.legacyText(answer.body().text()).strip();
    String jid = ScreenNames.normalize(info.screenName());
    AwayTextOf asked = icqAwayTexts.get(jid);
    if (text.isEmpty() || asked == null || asked.status() != info.icqStatus()) {
      return;
    }
    icqAwayTexts.put(jid, new AwayTextOf(asked.status(), text));
    listener.presence(PresenceJson.online(info, text));
  }

  private void onLocate(Snac snac) {
    if (snac.subtype() != Locate.USER_INFO_REPLY) {
      return;
    }
    Reader r = snac.reader();
    UserInfo info = UserInfo.read(r);
    TlvBlock tlvs = TlvBlock.readAll(r);
    Tlv away = tlvs.get(Locate.TLV_AWAY_MESSAGE);
    if (away != null && info.away()) {
      String text = MessageText.htmlToPlain(away.value().toString(AwayText.charset(tlvs.string(Locate.TLV_AWAY_MIME))));
      listener.presence(PresenceJson.online(info, text));
    }
  }

  private void onIcbm(Snac snac) {
    switch (snac.subtype()) {
      case Icbm.CHANNEL_MSG_TOCLIENT -> {
        Reader r = snac.reader();
        r.bytes(8, "message cookie");
        int channel = r.u16("message channel");
        UserInfo sender = UserInfo.read(r);
        if (channel != Icbm.CHANNEL_IM) {
          log.debug("Account {} ignores a channel-{} message", request.accountId(), channel);
          return;
        }
        TlvBlock tlvs = TlvBlock.readAll(r);
        Tlv data = tlvs.get(Icbm.TLV_IM_DATA);
        if (data == null) {
          throw new WireException("a message carries no IM data");
        }
        String text = MessageText.plain(ImData.decode(data.value()));
        Long sent = tlvs.u32(Icbm.TLV_OFFLINE_TIME);
        long ts = sent != null ? sent * 1000 : System.currentTimeMillis();
        String from = ScreenNames.normalize(sender.screenName());
        listener.message(from, text, ts);
      }
      case Icbm.CLIENT_EVENT -> {
        Reader r = snac.reader();
        r.bytes(8, "typing cookie");
        r.u16("typing channel");
        String from = ScreenNames.normalize(r.string08("typing screen name"));
        int event = r.u16("typing event");
        listener.typing(from, switch (event) {
          case Icbm.EVENT_TYPING -> "composing";
          case Icbm.EVENT_TYPED -> "paused";
          default -> "active";
        });
      }
      case Icbm.CLIENT_ERR -> onIcqAwayText(snac);
      case Icbm.ERR -> {
        int code = snac.reader().u16("ICBM error code");
        SentMessage sent = sentMessages.remove(snac.requestId());
        log.info("Account {}: the server refused {} (ICBM error {})", request.accountId(),
            sent == null ? "a message or notification" : "message " + sent.messageId(), code);
        if (sent != null && sent.messageId() != null) {
          listener.messageFailed(sent.messageId(), sent.to(), Failures.bounced(sent.to(), code, request.icq()));
        }
      }
      default -> log.debug("Account {} ignores {}", request.accountId(), snac);
    }
  }

  private void onIcq(Snac snac) {
    if (snac.subtype() != Icq.DB_REPLY) {
      return;
    }
    IcqMeta meta = IcqMeta.decode(snac.data());
    if (meta.type() == Icq.OFFLINE_MESSAGE) {
      IcqMeta.OfflineMessage m = IcqMeta.OfflineMessage.read(meta.data());
      long ts = LocalDateTime.of(m.year(), m.month(), m.day(), m.hour(), m.minute()).toInstant(ZoneOffset.UTC).toEpochMilli();
      listener.message(String.valueOf(m.from()), MessageText.htmlToPlain(MessageText.legacyText(m.text())), ts);
    } else if (meta.type() == Icq.OFFLINE_DONE) {
      // Read: the server may forget them now.
      send(Icq.FAMILY, Icq.DB_QUERY, new IcqMeta(meta.uin(), Icq.OFFLINE_DELETE, nextIcqSequence(), Buffer.buffer()).encode());
    }
  }

  private int nextIcqSequence() {
    icqSequence = (icqSequence + 1) & 0xFFFF;
    return icqSequence;
  }

  // ---- commands ----

  private long nextId() {
    requestId = (requestId + 1) & 0x7FFFFFFFL;
    return requestId;
  }

  private Future<Void> send(int family, int subtype, Buffer data) {
    return rates.send(Snac.of(family, subtype, nextId(), data));
  }

  Future<Void> sendMessage(String to, String text, String messageId) {
    byte[] cookie = new byte[8];
    random.nextBytes(cookie);
    ImData data = MessageText.encode(text);
    // One message is one FLAP frame: escaped HTML in UTF-16 can outgrow it before Parley's limit.
    if (data.text().length() > MAX_IM_BYTES) {
      return Future.failedFuture(FailureCode.TEXT_TOO_LONG.exception(
          "The message is too long for AIM/ICQ once encoded; send it in shorter parts."));
    }
    Writer w = new Writer().bytes(cookie).u16(Icbm.CHANNEL_IM).string08(to)
        .tlvs(TlvBlock.of(new Tlv(Icbm.TLV_IM_DATA, data.encode()), Tlv.empty(Icbm.TLV_STORE)));
    long id = nextId();
    sentMessages.put(id, new SentMessage(messageId, to));
    // Sent once the server has answered a probe that followed it: a stopped server gets no false "sent".
    return rates.send(Snac.of(Icbm.FAMILY, Icbm.CHANNEL_MSG_TOHOST, id, w.buffer()))
        .onFailure(e -> sentMessages.remove(id))
        .compose(v -> liveness.confirm());
  }

  Future<Void> sendTyping(String to, String state) {
    int event = switch (state) {
      case "composing" -> Icbm.EVENT_TYPING;
      case "paused" -> Icbm.EVENT_TYPED;
      default -> Icbm.EVENT_NONE;
    };
    Writer w = new Writer().bytes(new byte[8]).u16(Icbm.CHANNEL_IM).string08(to).u16(event);
    return send(Icbm.FAMILY, Icbm.CLIENT_EVENT, w.buffer());
  }

  /** Away message (LOCATE) and, for ICQ, the status word (OSERVICE nick info). */
  Future<Void> sendOwnPresence(OwnPresence own) {
    ownPresence = own;
    String away = PresenceJson.awayMessage(own);
    TlvBlock info = TlvBlock.of(Tlv.of(Locate.TLV_AWAY_MIME, AwayText.mimeType(away)),
        new Tlv(Locate.TLV_AWAY_MESSAGE, AwayText.encode(away)));
    Future<Void> sent = send(Locate.FAMILY, Locate.SET_INFO, info.encode());
    if (request.icq()) {
      sent = send(Oservice.FAMILY, Oservice.SET_NICKINFO_FIELDS,
          TlvBlock.of(Tlv.u32(UserInfo.TLV_ICQ_STATUS, PresenceJson.icqStatus(own.show()))).encode());
    }
    return sent;
  }

  Future<Void> addContact(String screenName, String alias, String group) {
    String groupName = group == null || group.isBlank() ? BuddyList.DEFAULT_GROUP : group;
    FeedbagItem existingGroup = buddies.group(groupName);
    Future<Void> groupReady;
    int groupId;
    if (existingGroup == null) {
      groupId = buddies.newGroupId();
      FeedbagItem newGroup = new FeedbagItem(groupName, groupId, 0, Feedbag.CLASS_GROUP, new TlvBlock());
      groupReady = feedbagEdit(Feedbag.INSERT_ITEM, List.of(newGroup)).compose(results -> {
        if (results.isEmpty() || results.get(0) != Feedbag.STATUS_OK) {
          return Future.failedFuture(FailureCode.IM_ERROR.exception("The AIM/ICQ server refused to create the group."));
        }
        buddies.put(newGroup);
        // The root group lists every group: a new group goes at the end.
        FeedbagItem root = buddies.rootGroup();
        return root != null ? keepOrder(root, groupId, true) : insertRoot(groupId);
      });
    } else {
      groupId = existingGroup.groupId();
      groupReady = Future.succeededFuture();
    }
    return groupReady.compose(v -> insertBuddy(screenName, groupId, alias, false));
  }

  private Future<Void> insertBuddy(String screenName, int groupId, String alias, boolean pendingAuth) {
    FeedbagItem item = BuddyList.buddy(screenName, groupId, buddies.newItemId(), alias, pendingAuth);
    return feedbagEdit(Feedbag.INSERT_ITEM, List.of(item)).compose(results -> {
      int status = results.isEmpty() ? -1 : results.get(0);
      if (status == Feedbag.STATUS_AUTH_REQUIRED && !pendingAuth) {
        // The buddy wants to be asked: store them as pending and send the request.
        return insertBuddy(screenName, groupId, alias, true)
            .compose(x -> send(Feedbag.FAMILY, Feedbag.REQUEST_AUTHORIZE_TO_HOST,
                new Writer().string08(screenName).string16("Parley: may I add you to my buddy list?").u16(0).buffer()));
      }
      if (status != Feedbag.STATUS_OK && status != Feedbag.STATUS_EXISTS) {
        return Future.failedFuture(FailureCode.IM_ERROR.exception(
            "The AIM/ICQ server refused to add " + screenName + " (status " + status + ")."));
      }
      buddies.put(item);
      listener.contactUpdated(buddies.contact(ScreenNames.normalize(screenName)));
      FeedbagItem group = buddies.groupById(groupId);
      return group == null ? Future.succeededFuture() : keepOrder(group, item.itemId(), true);
    });
  }

  /**
   * Keeps a group's order list (TLV 0x00C8) as the FEEDBAG documentation requires, so that other
   * clients of the account show the entry: adds or removes one id. A refusal is logged, not fatal:
   * the buddy itself is stored.
   */
  private Future<Void> keepOrder(FeedbagItem group, int id, boolean add) {
    List<Integer> ids = buddies.order(group);
    boolean changed = add ? !ids.contains(id) && ids.add(id) : ids.remove(Integer.valueOf(id));
    if (!changed && group.attributes().has(Feedbag.TLV_ORDER)) {
      return Future.succeededFuture();
    }
    return storeGroup(Feedbag.UPDATE_ITEM, BuddyList.withOrder(group, ids));
  }

  /** A list without a root group gets one, listing its first group. */
  private Future<Void> insertRoot(int groupId) {
    return storeGroup(Feedbag.INSERT_ITEM, BuddyList.withOrder(BuddyList.newRoot(), List.of(groupId)));
  }

  private Future<Void> storeGroup(int subtype, FeedbagItem group) {
    return feedbagEdit(subtype, List.of(group)).map(results -> {
      if (!results.isEmpty() && results.get(0) == Feedbag.STATUS_OK) {
        buddies.put(group);
      } else {
        log.warn("Account {}: the server refused the order list of group '{}' ({})", request.accountId(), group.name(), results);
      }
      return null;
    });
  }

  Future<Void> removeContact(String screenName) {
    List<FeedbagItem> items = buddies.buddies(screenName);
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    return feedbagEdit(Feedbag.DELETE_ITEM, items).compose(results -> {
      items.forEach(buddies::remove);
      listener.contactRemoved(screenName);
      Future<Void> ordered = Future.succeededFuture();
      for (FeedbagItem item : items) {
        ordered = ordered.compose(v -> {
          FeedbagItem group = buddies.groupById(item.groupId());
          return group == null ? Future.succeededFuture() : keepOrder(group, item.itemId(), false);
        });
      }
      return ordered;
    });
  }

  Future<Void> answerAuthorization(String screenName, boolean approve) {
    Writer w = new Writer().string08(screenName).u8(approve ? 1 : 0).string16(approve ? "" : "Declined").u16(0);
    return send(Feedbag.FAMILY, Feedbag.RESPOND_AUTHORIZE_TO_HOST, w.buffer());
  }

  /** One buddy-list change inside a cluster; completes with the server's status per item. */
  private Future<List<Integer>> feedbagEdit(int subtype, List<FeedbagItem> items) {
    Writer w = new Writer();
    items.forEach(i -> i.write(w));
    Promise<List<Integer>> ack = Promise.promise();
    send(Feedbag.FAMILY, Feedbag.START_CLUSTER, Buffer.buffer());
    send(Feedbag.FAMILY, subtype, w.buffer()).onComplete(ar -> {
      if (ar.failed()) {
        ack.tryFail(ar.cause());
      } else {
        feedbagAcks.add(ack);
      }
    });
    send(Feedbag.FAMILY, Feedbag.END_CLUSTER, Buffer.buffer());
    return ack.future();
  }

  /** Away message text in AIM's terms: escaped HTML, ASCII when it can be, else UTF-16BE. */
  static final class AwayText {
    private AwayText() {}

    static String mimeType(String text) {
      return text.chars().allMatch(c -> c < 0x80) ? "text/aolrtf; charset=\"us-ascii\"" : "text/aolrtf; charset=\"unicode-2-0\"";
    }

    static Buffer encode(String text) {
      String html = MessageText.escape(text);
      return Buffer.buffer(html.getBytes(html.chars().allMatch(c -> c < 0x80) ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE));
    }

    static Charset charset(String mime) {
      String m = mime == null ? "" : mime.toLowerCase();
      if (m.contains("unicode-2-0") || m.contains("utf-16")) {
        return StandardCharsets.UTF_16BE;
      }
      return m.contains("utf-8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }
  }
}
