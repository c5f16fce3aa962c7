package parley.oscar.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import parley.oscar.wire.FeedbagItem;
import parley.oscar.wire.Flap;
import parley.oscar.wire.FlapParser;
import parley.oscar.wire.Foodgroups.Bucp;
import parley.oscar.wire.Foodgroups.Buddy;
import parley.oscar.wire.Foodgroups.Feedbag;
import parley.oscar.wire.Foodgroups.Icbm;
import parley.oscar.wire.Foodgroups.Icq;
import parley.oscar.wire.Foodgroups.Locate;
import parley.oscar.wire.Foodgroups.Login;
import parley.oscar.wire.Foodgroups.Oservice;
import parley.oscar.wire.IcqAutoMessage;
import parley.oscar.wire.IcqMeta;
import parley.oscar.wire.Passwords;
import parley.oscar.wire.RateClass;
import parley.oscar.wire.Reader;
import parley.oscar.wire.Snac;
import parley.oscar.wire.Tlv;
import parley.oscar.wire.TlvBlock;
import parley.oscar.wire.UserInfo;
import parley.oscar.wire.WireException;
import parley.oscar.wire.Writer;

/**
 * One client connection to the test server, at the authorizer or at BOS. Runs on the server's
 * context; written from the public OSCAR documentation.
 */
final class ServerSession {
  private final OscarTestServer server;
  private final NetSocket socket;
  private final boolean bos;
  private int sequence;
  private final Map<Integer, long[]> rateLevels = new HashMap<>();
  private final Map<Integer, Boolean> limited = new HashMap<>();
  private String challengeKey;
  ServerUser user;
  boolean online;
  boolean closed;
  /** Stands in for a stopped server process (SIGSTOP): reads what comes and never answers. */
  boolean hung;

  ServerSession(OscarTestServer server, NetSocket socket, boolean bos) {
    this.server = server;
    this.socket = socket;
    this.bos = bos;
    FlapParser parser = new FlapParser(this::onFlap, e -> close());
    socket.handler(parser);
    socket.closeHandler(v -> onClosed());
    send(Flap.SIGNON, new Writer().u32(1).buffer());
  }

  // ---- output ----

  void send(int channel, Buffer data) {
    if (closed || hung) {
      return;
    }
    sequence = (sequence + 1) & 0xFFFF;
    socket.write(new Flap(channel, sequence, data).encode());
  }

  void send(int family, int subtype, Buffer data) {
    send(family, subtype, 0, data);
  }

  /** A SNAC answering the client's request {@code requestId}. */
  void send(int family, int subtype, long requestId, Buffer data) {
    send(Flap.DATA, Snac.of(family, subtype, requestId, data).encode());
  }

  void sendRaw(Buffer bytes) {
    socket.write(bytes);
  }

  void signOff(TlvBlock tlvs) {
    send(Flap.SIGNOFF, tlvs.encode());
    close();
  }

  void close() {
    if (!closed) {
      closed = true;
      socket.close();
      onClosed();
    }
  }

  private void onClosed() {
    closed = true;
    if (user != null && user.session == this) {
      boolean wasOnline = online;
      online = false;
      user.session = null;
      if (wasOnline) {
        server.departed(user);
      }
    }
  }

  // ---- input ----

  private void onFlap(Flap flap) {
    if (closed || hung) {
      return;
    }
    try {
      switch (flap.channel()) {
        case Flap.SIGNON -> onSignon(flap.signonTlvs());
        case Flap.DATA -> onSnac(Snac.decode(flap.data()));
        case Flap.SIGNOFF -> close();
        case Flap.KEEPALIVE -> server.keepalives.incrementAndGet();
        default -> { }
      }
    } catch (WireException e) {
      OscarTestServer.log.warn("Test server: malformed data from a client: {}", e.getMessage());
      close();
    }
  }

  private void onSignon(TlvBlock tlvs) {
    if (bos) {
      Tlv cookie = tlvs.get(Login.TLV_COOKIE);
      ServerUser u = cookie == null ? null : server.redeemCookie(cookie.value());
      if (u == null) {
        signOff(TlvBlock.of(Tlv.u16(Login.TLV_ERROR_CODE, 0x0011)));
        return;
      }
      server.attach(u, this);
      send(Oservice.FAMILY, Oservice.HOST_ONLINE, new Writer().u16(Oservice.FAMILY).u16(Locate.FAMILY)
          .u16(Buddy.FAMILY).u16(Icbm.FAMILY).u16(Feedbag.FAMILY).buffer());
      return;
    }
    String name = tlvs.string(Login.TLV_SCREEN_NAME);
    Tlv roasted = tlvs.get(Login.TLV_ROASTED_PASSWORD);
    if (name != null && roasted != null) {
      OscarTestServer.Refusal refusal = server.refusalOf(OscarTestServer.ROASTED);
      if (refusal != null) {
        if (refusal == OscarTestServer.Refusal.CLOSE) {
          close();
        }
        return;
      }
      String password = new String(Passwords.roast(roasted.value().getBytes()), StandardCharsets.ISO_8859_1);
      TlvBlock reply = loginReply(name, password, "roasted");
      send(Flap.SIGNOFF, reply.encode());
      close();
    }
    // Otherwise BUCP follows on channel 2.
  }

  private TlvBlock loginReply(String name, String password, String method) {
    TlvBlock reply = TlvBlock.of(Tlv.of(Login.TLV_SCREEN_NAME, name));
    Integer error = server.checkLogin(name, password, method);
    if (error != null) {
      return reply.add(Tlv.u16(Login.TLV_ERROR_CODE, error)).add(Tlv.of(Login.TLV_ERROR_URL, "http://127.0.0.1/error"));
    }
    return reply.add(Tlv.of(Login.TLV_BOS_ADDRESS, "127.0.0.1:" + server.bosPort()))
        .add(new Tlv(Login.TLV_COOKIE, server.issueCookie(name)));
  }

  private void onSnac(Snac snac) {
    if (bos && !checkRate(snac)) {
      return;
    }
    switch (snac.family()) {
      case Bucp.FAMILY -> onBucp(snac);
      case Oservice.FAMILY -> onOservice(snac);
      case Locate.FAMILY -> onLocate(snac);
      case Buddy.FAMILY -> {
        if (snac.subtype() == Buddy.RIGHTS_QUERY) {
          send(Buddy.FAMILY, Buddy.RIGHTS_REPLY, Buffer.buffer());
        }
      }
      case Icbm.FAMILY -> onIcbm(snac);
      case Feedbag.FAMILY -> onFeedbag(snac);
      case Icq.FAMILY -> {
        if (snac.subtype() == Icq.DB_QUERY) {
          server.icqQuery(user, IcqMeta.decode(snac.data()), this);
        }
      }
      default -> { }
    }
  }

  /** The rate algorithm of the documentation: a moving average of the gaps between SNACs. */
  private boolean checkRate(Snac snac) {
    RateClass c = OscarTestServer.RATES.classOf(snac.family(), snac.subtype());
    long now = System.currentTimeMillis();
    long[] state = rateLevels.computeIfAbsent(c.id(), id -> new long[] {c.currentLevel(), now});
    long level = c.nextLevel(state[0], now - state[1]);
    state[0] = level;
    state[1] = now;
    if (level < c.disconnectLevel()) {
      server.rateDisconnects.incrementAndGet();
      OscarTestServer.log.info("Test server: disconnecting {} for exceeding rate class {}", name(), c.id());
      signOff(new TlvBlock());
      return false;
    }
    boolean wasLimited = limited.getOrDefault(c.id(), false);
    if (level < c.limitLevel() || (wasLimited && level < c.clearLevel())) {
      limited.put(c.id(), true);
      server.rateLimitedSnacs.incrementAndGet();
      rateNotice(3, c, level);
      return false;
    }
    if (wasLimited) {
      limited.put(c.id(), false);
      rateNotice(4, c, level);
    } else if (level < c.alertLevel()) {
      server.rateWarnings.incrementAndGet();
      rateNotice(2, c, level);
    }
    return true;
  }

  void rateNotice(int code, RateClass c, long level) {
    Writer w = new Writer().u16(code);
    new RateClass(c.id(), c.window(), c.clearLevel(), c.alertLevel(), c.limitLevel(), c.disconnectLevel(), level,
        c.maxLevel()).write(w);
    send(Oservice.FAMILY, Oservice.RATE_PARAMS_CHANGE, w.buffer());
  }

  /** Lowers this session's level of a class to {@code level}, as if it had sent fast, and says so (warning or limited). */
  void forceRateLevel(int classId, long level, boolean limit) {
    RateClass c = OscarTestServer.RATES.classes().stream().filter(x -> x.id() == classId).findFirst().orElseThrow();
    rateLevels.put(classId, new long[] {level, System.currentTimeMillis()});
    limited.put(classId, limit);
    rateNotice(limit ? 3 : 2, c, level);
  }

  private void onBucp(Snac snac) {
    TlvBlock tlvs = TlvBlock.readAll(snac.reader());
    if (snac.subtype() == Bucp.CHALLENGE_REQUEST) {
      server.challengeRequests.incrementAndGet();
    }
    OscarTestServer.Refusal refusal = server.refusalOf(OscarTestServer.MD5);
    if (refusal != null) {
      switch (refusal) {
        case ERROR -> send(Bucp.FAMILY, Bucp.ERR, snac.requestId(), new Writer().u16(0x0001).buffer());
        case CLOSE -> close();
        default -> { }
      }
      return;
    }
    if (snac.subtype() == Bucp.CHALLENGE_REQUEST) {
      challengeKey = String.valueOf(1_000_000_000L + (long) (Math.random() * 8_999_999_999L));
      send(Bucp.FAMILY, Bucp.CHALLENGE_RESPONSE, new Writer().string16(challengeKey).buffer());
    } else if (snac.subtype() == Bucp.LOGIN_REQUEST) {
      String name = tlvs.string(Login.TLV_SCREEN_NAME);
      Tlv hash = tlvs.get(Login.TLV_PASSWORD_HASH);
      boolean strong = tlvs.has(Login.TLV_STRONG_HASH);
      String method = strong ? "md5-strong" : "md5";
      ServerUser u = server.user(name);
      String password = null;
      if (u != null && hash != null && challengeKey != null) {
        byte[] expected = Passwords.md5Login(challengeKey.getBytes(StandardCharsets.US_ASCII),
            u.password.getBytes(StandardCharsets.ISO_8859_1), strong);
        password = java.util.Arrays.equals(expected, hash.value().getBytes()) ? u.password : "";
      }
      send(Bucp.FAMILY, Bucp.LOGIN_RESPONSE, loginReply(name == null ? "" : name, password == null ? "" : password, method).encode());
    }
  }

  private void onOservice(Snac snac) {
    switch (snac.subtype()) {
      case Oservice.CLIENT_VERSIONS -> send(Oservice.FAMILY, Oservice.HOST_VERSIONS, snac.data());
      case Oservice.RATE_PARAMS_QUERY -> {
        Writer w = new Writer();
        OscarTestServer.RATES.write(w);
        send(Oservice.FAMILY, Oservice.RATE_PARAMS_REPLY, w.buffer());
      }
      case Oservice.SET_NICKINFO_FIELDS -> {
        user.icqStatus = TlvBlock.readAll(snac.reader()).u32(UserInfo.TLV_ICQ_STATUS);
        server.presenceChanged(user);
      }
      case Oservice.IDLE_NOTIFICATION -> {
        user.idleMinutes = (int) (snac.reader().u32("idle seconds") / 60);
        server.presenceChanged(user);
      }
      case Oservice.USER_INFO_QUERY -> {
        server.selfInfoQueries.incrementAndGet();
        Writer w = new Writer();
        server.userInfo(user).write(w);
        send(Oservice.FAMILY, Oservice.USER_INFO_UPDATE, snac.requestId(), w.buffer());
      }
      case Oservice.CLIENT_ONLINE -> {
        online = true;
        server.cameOnline(user);
      }
      default -> { }
    }
  }

  private void onLocate(Snac snac) {
    switch (snac.subtype()) {
      case Locate.RIGHTS_QUERY -> send(Locate.FAMILY, Locate.RIGHTS_REPLY, Buffer.buffer());
      case Locate.SET_INFO -> {
        TlvBlock tlvs = TlvBlock.readAll(snac.reader());
        Tlv away = tlvs.get(Locate.TLV_AWAY_MESSAGE);
        if (away != null) {
          String mime = tlvs.string(Locate.TLV_AWAY_MIME);
          boolean unicode = mime != null && mime.contains("unicode-2-0");
          user.awayMessage = away.value().toString(unicode ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
          server.presenceChanged(user);
        }
      }
      case Locate.USER_INFO_QUERY2 -> {
        Reader r = snac.reader();
        long flags = r.u32("query flags");
        ServerUser target = server.user(r.string08("screen name"));
        if (target == null || !target.online()) {
          return;
        }
        Writer w = new Writer();
        server.userInfo(target).write(w);
        if ((flags & Locate.QUERY_AWAY_MESSAGE) != 0) {
          w.tlvs(TlvBlock.of(Tlv.of(Locate.TLV_AWAY_MIME, "text/aolrtf; charset=\"us-ascii\""),
              Tlv.of(Locate.TLV_AWAY_MESSAGE, target.awayMessage)));
        }
        send(Locate.FAMILY, Locate.USER_INFO_REPLY, w.buffer());
      }
      default -> { }
    }
  }

  private void onIcbm(Snac snac) {
    switch (snac.subtype()) {
      case Icbm.PARAMETER_QUERY -> send(Icbm.FAMILY, Icbm.PARAMETER_REPLY,
          new Writer().u16(2).u32(3).u16(512).u16(999).u16(999).u32(0).buffer());
      case Icbm.CHANNEL_MSG_TOHOST -> {
        Reader r = snac.reader();
        Buffer cookie = r.bytes(8, "cookie");
        int channel = r.u16("channel");
        String to = r.string08("recipient");
        TlvBlock tlvs = TlvBlock.readAll(r);
        if (channel == IcqAutoMessage.CHANNEL_RENDEZVOUS) {
          server.rendezvous(user, to, cookie, tlvs, this);
          return;
        }
        Tlv data = tlvs.get(Icbm.TLV_IM_DATA);
        if (channel != Icbm.CHANNEL_IM || data == null) {
          return;
        }
        server.message(user, to, cookie, data.value(), tlvs.has(Icbm.TLV_STORE), this, snac.requestId());
      }
      case Icbm.CLIENT_EVENT -> {
        Reader r = snac.reader();
        r.bytes(8, "cookie");
        r.u16("channel");
        String to = r.string08("recipient");
        server.typing(user, to, r.u16("event"));
      }
      case Icbm.OFFLINE_RETRIEVE -> server.deliverOffline(user, this);
      default -> { }
    }
  }

  private void onFeedbag(Snac snac) {
    switch (snac.subtype()) {
      case Feedbag.RIGHTS_QUERY -> send(Feedbag.FAMILY, Feedbag.RIGHTS_REPLY, Buffer.buffer());
      case Feedbag.QUERY -> {
        Writer w = new Writer().u8(0).u16(user.feedbag.size());
        user.feedbag.forEach(i -> i.write(w));
        w.u32(0);
        send(Feedbag.FAMILY, Feedbag.REPLY, w.buffer());
      }
      case Feedbag.INSERT_ITEM, Feedbag.UPDATE_ITEM, Feedbag.DELETE_ITEM -> {
        Writer statuses = new Writer();
        Reader r = snac.reader();
        List<FeedbagItem> inserted = new ArrayList<>();
        while (r.hasMore()) {
          FeedbagItem item = FeedbagItem.read(r);
          statuses.u16(server.editFeedbag(user, snac.subtype(), item));
          if (snac.subtype() != Feedbag.DELETE_ITEM && item.isBuddy()) {
            inserted.add(item);
          }
        }
        send(Feedbag.FAMILY, Feedbag.STATUS, statuses.buffer());
        for (FeedbagItem item : inserted) {
          ServerUser buddy = server.user(item.name());
          if (buddy != null && buddy.online() && user.hasBuddy(OscarTestServer.normalize(buddy.screenName))) {
            arrived(buddy);
          }
        }
      }
      case Feedbag.REQUEST_AUTHORIZE_TO_HOST -> {
        Reader r = snac.reader();
        String to = r.string08("screen name");
        String reason = r.string16("reason");
        server.authorizationRequest(user, to, reason);
      }
      case Feedbag.RESPOND_AUTHORIZE_TO_HOST -> {
        Reader r = snac.reader();
        String to = r.string08("screen name");
        boolean granted = r.u8("flag") == 1;
        server.authorizationAnswer(user, to, granted);
      }
      default -> { }
    }
  }

  void arrived(ServerUser buddy) {
    Writer w = new Writer();
    server.userInfo(buddy).write(w);
    send(Buddy.FAMILY, Buddy.ARRIVED, w.buffer());
  }

  void departed(ServerUser buddy) {
    Writer w = new Writer();
    new UserInfo(buddy.screenName, 0, new TlvBlock()).write(w);
    send(Buddy.FAMILY, Buddy.DEPARTED, w.buffer());
  }

  String name() {
    return user == null ? "(not signed on)" : user.screenName;
  }
}
