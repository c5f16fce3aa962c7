package parley.oscar.testing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.oscar.wire.FeedbagItem;
import parley.oscar.wire.Flap;
import parley.oscar.wire.Foodgroups.Buddy;
import parley.oscar.wire.Foodgroups.Feedbag;
import parley.oscar.wire.Foodgroups.Icbm;
import parley.oscar.wire.Foodgroups.Icq;
import parley.oscar.wire.Foodgroups.Login;
import parley.oscar.wire.Foodgroups.Oservice;
import parley.oscar.wire.IcqAutoMessage;
import parley.oscar.wire.IcqMeta;
import parley.oscar.wire.ImData;
import parley.oscar.wire.RateClass;
import parley.oscar.wire.RateParams;
import parley.oscar.wire.Snac;
import parley.oscar.wire.Tlv;
import parley.oscar.wire.TlvBlock;
import parley.oscar.wire.UserInfo;
import parley.oscar.wire.Writer;

/**
 * An OSCAR server for tests, written from the public protocol documentation: an authorizer
 * (BUCP MD5 with the old and strong hash, and the FLAP channel-1 roasted login) that redirects to
 * a BOS server with a cookie; there the buddy list (FEEDBAG) with authorization, presence and away
 * messages, channel-1 messages with offline storage, typing notifications and rate classes that
 * warn, limit and disconnect like real servers. Users "online" without a client ({@link #peerOnline})
 * stand in for the other person; what they are sent is recorded. Misbehaves on demand.
 * Everything runs on 127.0.0.1 with random ports and its own Vert.x.
 */
public final class OscarTestServer implements AutoCloseable {
  static final Logger log = LoggerFactory.getLogger(OscarTestServer.class);

  /** Class 1: everything else, roomy. Class 2: messages, tight enough for a test flood to reach. */
  static final RateParams RATES = new RateParams(List.of(
      new RateClass(1, 80, 2500, 2000, 1500, 800, 6000, 6000),
      new RateClass(2, 5, 800, 700, 500, 400, 2000, 2000)),
      Map.of(RateParams.key(Icbm.FAMILY, Icbm.CHANNEL_MSG_TOHOST), 2));

  /** A message the server received from a client, as the recipient would get it. */
  public record Received(String from, String to, int charset, String rawText, boolean stored) {}

  /** A typing notification a client sent to a peer. */
  public record Typing(String from, String to, int event) {}

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ServerUser> users = new HashMap<>();
  private final Map<String, String> cookies = new HashMap<>();
  private final Map<String, List<String>> loginMethods = new HashMap<>();
  private final List<Received> received = new ArrayList<>();
  private final List<Typing> typings = new ArrayList<>();
  private final List<String> authorizationRequests = new ArrayList<>();
  private NetServer auth;
  private NetServer bos;
  private boolean refuseAsRateLimited;
  private boolean userClassAsU32;
  private int bounceCode;
  private java.util.Set<String> signOnKinds = java.util.Set.of(ROASTED, MD5);
  private Refusal refusal = Refusal.SILENT;
  final AtomicInteger challengeRequests = new AtomicInteger();
  final AtomicInteger keepalives = new AtomicInteger();
  final AtomicInteger selfInfoQueries = new AtomicInteger();
  final AtomicInteger autoMessageRequests = new AtomicInteger();
  final AtomicInteger rateDisconnects = new AtomicInteger();
  final AtomicInteger rateLimitedSnacs = new AtomicInteger();
  final AtomicInteger rateWarnings = new AtomicInteger();

  public OscarTestServer start() {
    onContext(() -> {
      auth = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
          .connectHandler(socket -> new ServerSession(this, socket, false));
      bos = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
          .connectHandler(socket -> new ServerSession(this, socket, true));
      return null;
    });
    auth.listen().await();
    bos.listen().await();
    log.info("OSCAR test server: authorizer on {}, BOS on {}", auth.actualPort(), bos.actualPort());
    return this;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The authorizer's port: the one an account names. */
  public int port() {
    return auth.actualPort();
  }

  int bosPort() {
    return bos.actualPort();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  static String normalize(String name) {
    return name.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  // ---- set-up by tests ----

  /** An account; {@code screenName} as it is formatted ("Bob Smith") or an ICQ number. */
  public void addUser(String screenName, String password) {
    onContext(() -> users.put(normalize(screenName), new ServerUser(screenName, password)));
  }

  /** Others must ask before adding this user to their buddy list. */
  public void requireAuthorization(String screenName) {
    onContext(() -> users.get(normalize(screenName)).requiresAuthorization = true);
  }

  /**
   * Puts a buddy in a group of the user's stored list (creating the group), with the order lists a
   * proper client keeps: the group's TLV 0x00C8 lists its buddies' item ids, the root group's its group ids.
   */
  public void storeBuddy(String screenName, String group, String buddy) {
    onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      FeedbagItem g = u.feedbag.stream().filter(i -> i.isGroup() && i.name().equals(group)).findFirst().orElse(null);
      if (g == null) {
        int gid = u.feedbag.stream().mapToInt(FeedbagItem::groupId).max().orElse(0) + 1;
        g = new FeedbagItem(group, gid, 0, Feedbag.CLASS_GROUP, new TlvBlock());
        u.feedbag.add(g);
        FeedbagItem root = rootOf(u);
        if (root == null) {
          root = new FeedbagItem("", 0, 0, Feedbag.CLASS_GROUP, new TlvBlock());
          u.feedbag.add(0, root);
        }
        replace(u, withOrderAdded(root, gid));
      }
      int iid = u.feedbag.stream().mapToInt(FeedbagItem::itemId).max().orElse(0) + 1;
      u.feedbag.add(new FeedbagItem(buddy, g.groupId(), iid, Feedbag.CLASS_BUDDY, new TlvBlock()));
      replace(u, withOrderAdded(g, iid));
      return null;
    });
  }

  private static FeedbagItem rootOf(ServerUser u) {
    return u.feedbag.stream().filter(i -> i.classId() == Feedbag.CLASS_GROUP && i.groupId() == 0 && i.itemId() == 0)
        .findFirst().orElse(null);
  }

  private static void replace(ServerUser u, FeedbagItem item) {
    for (int i = 0; i < u.feedbag.size(); i++) {
      FeedbagItem old = u.feedbag.get(i);
      if (old.groupId() == item.groupId() && old.itemId() == item.itemId() && old.classId() == item.classId()) {
        u.feedbag.set(i, item);
        return;
      }
    }
    u.feedbag.add(item);
  }

  private static FeedbagItem withOrderAdded(FeedbagItem group, int id) {
    List<Integer> order = new ArrayList<>(orderOf(group));
    order.add(id);
    Writer w = new Writer();
    order.forEach(w::u16);
    TlvBlock attrs = group.attributes().copy().remove(Feedbag.TLV_ORDER).add(new Tlv(Feedbag.TLV_ORDER, w.buffer()));
    return new FeedbagItem(group.name(), group.groupId(), group.itemId(), group.classId(), attrs);
  }

  private static List<Integer> orderOf(FeedbagItem group) {
    Tlv order = group.attributes().get(Feedbag.TLV_ORDER);
    List<Integer> ids = new ArrayList<>();
    if (order != null) {
      for (int i = 0; i + 1 < order.value().length(); i += 2) {
        ids.add(order.value().getUnsignedShort(i));
      }
    }
    return ids;
  }

  /**
   * The stored order list (TLV 0x00C8) of a group of the user's list, "" for the root group: item
   * ids of its buddies, or for the root the group ids; null when the group or its list is missing.
   */
  public List<Integer> storedOrder(String screenName, String group) {
    return onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      FeedbagItem g = group.isEmpty() ? rootOf(u)
          : u.feedbag.stream().filter(i -> i.isGroup() && i.name().equals(group)).findFirst().orElse(null);
      return g == null || !g.attributes().has(Feedbag.TLV_ORDER) ? null : orderOf(g);
    });
  }

  /** The group id of a stored group, or -1. */
  public int storedGroupId(String screenName, String group) {
    return onContext(() -> users.get(normalize(screenName)).feedbag.stream().filter(i -> i.isGroup() && i.name().equals(group))
        .mapToInt(FeedbagItem::groupId).findFirst().orElse(-1));
  }

  /** The item id of a stored buddy, or -1. */
  public int storedItemId(String screenName, String buddy) {
    return onContext(() -> users.get(normalize(screenName)).feedbag.stream()
        .filter(i -> i.isBuddy() && normalize(i.name()).equals(normalize(buddy)))
        .mapToInt(FeedbagItem::itemId).findFirst().orElse(-1));
  }

  /** Every login attempt's method for that user: "roasted", "md5" or "md5-strong". */
  public List<String> loginMethods(String screenName) {
    return onContext(() -> List.copyOf(loginMethods.getOrDefault(normalize(screenName), List.of())));
  }

  /** Sign-on kinds: the FLAP channel-1 login with the roasted password, and BUCP (MD5, old or strong hash). */
  public static final String ROASTED = "roasted";
  public static final String MD5 = "md5";

  /** How the authorizer treats a kind of sign-on it does not speak. */
  public enum Refusal {
    /** Reads it and answers nothing. */
    SILENT,
    /** BUCP: an error SNAC (0x17/0x01); roasted: as silent. */
    ERROR,
    /** Closes the connection. */
    CLOSE
  }

  /** The authorizer speaks only these kinds of sign-on ({@link #ROASTED}, {@link #MD5}) and refuses the others so. */
  public void speakOnly(java.util.Set<String> kinds, Refusal how) {
    onContext(() -> {
      signOnKinds = java.util.Set.copyOf(kinds);
      refusal = how;
      return null;
    });
  }

  /** Back to speaking every kind of sign-on. */
  public void speakEverySignOn() {
    speakOnly(java.util.Set.of(ROASTED, MD5), Refusal.SILENT);
  }

  /** How many BUCP challenges were asked for, answered or not. */
  public int challengeRequests() {
    return challengeRequests.get();
  }

  /** Null if the authorizer speaks this kind of sign-on, else how it refuses it. */
  Refusal refusalOf(String kind) {
    return signOnKinds.contains(kind) ? null : refusal;
  }

  /** Answers every sign-on with "connecting too frequently" while set. */
  public void refuseLoginsAsRateLimited(boolean refuse) {
    onContext(() -> refuseAsRateLimited = refuse);
  }

  /** The user appears online without a client, with an away message ("" when not away) and idle minutes. */
  public void peerOnline(String screenName, String awayMessage, int idleMinutes) {
    onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      boolean was = u.online();
      u.virtualOnline = true;
      u.awayMessage = awayMessage;
      u.idleMinutes = idleMinutes;
      if (was) {
        presenceChanged(u);
      } else {
        cameOnline(u);
      }
      return null;
    });
  }

  /**
   * An ICQ user online without a client, with an ICQ status (0x0001 away, 0x0004|0x0001 N/A, 0x0010|0x0001
   * occupied, 0x0002|0x0010|0x0001 DND) and the away text its client gives when asked (the auto message).
   */
  public void peerOnlineIcq(String uin, long status, String autoMessage) {
    onContext(() -> {
      ServerUser u = users.get(normalize(uin));
      boolean was = u.online();
      u.virtualOnline = true;
      u.icqStatus = status;
      u.icqAutoMessage = autoMessage;
      if (was) {
        presenceChanged(u);
      } else {
        cameOnline(u);
      }
      return null;
    });
  }

  /** How many ICQ auto messages (away texts) were asked for. */
  public int autoMessageRequests() {
    return autoMessageRequests.get();
  }

  public void peerOffline(String screenName) {
    onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      u.virtualOnline = false;
      departed(u);
      return null;
    });
  }

  /** A message from {@code from} to {@code to}, with the text as AIM clients send it (HTML, charset). */
  public void peerSends(String from, String to, String html, int charset) {
    Buffer text = Buffer.buffer(html.getBytes(charset == ImData.UTF16BE ? StandardCharsets.UTF_16BE
        : charset == ImData.LATIN1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.US_ASCII));
    onContext(() -> {
      ServerUser sender = users.get(normalize(from));
      message(sender, to, Buffer.buffer(new byte[8]), new ImData(charset, text).encode(), true, null, 0);
      return null;
    });
  }

  /** A mini typing notification from a peer (event 2 typing, 1 typed, 0 stopped). */
  public void peerTypes(String from, String to, int event) {
    onContext(() -> {
      typing(users.get(normalize(from)), to, event);
      return null;
    });
  }

  /** A peer asks the user for authorization to add them. */
  public void peerAsksAuthorization(String from, String to) {
    onContext(() -> {
      authorizationRequest(users.get(normalize(from)), to, "Please add me");
      return null;
    });
  }

  /** A peer answers an authorization request. */
  public void peerAuthorizes(String from, String to, boolean granted) {
    onContext(() -> {
      authorizationAnswer(users.get(normalize(from)), to, granted);
      return null;
    });
  }

  // ---- misbehaviour on demand ----

  /** A SNAC whose user info claims a TLV longer than the frame: the bounds checks must catch it. */
  public void sendMalformedSnac(String screenName) {
    withSession(screenName, s -> {
      Buffer bad = new Writer().string08("ghost").u16(0).u16(1).u16(UserInfo.TLV_USER_CLASS).u16(0x0400).u16(0).buffer();
      s.send(Flap.DATA, Snac.of(Buddy.FAMILY, Buddy.ARRIVED, 0, bad).encode());
    });
  }

  /** Bytes that are not a FLAP frame at all. */
  public void sendGarbage(String screenName) {
    withSession(screenName, s -> s.sendRaw(Buffer.buffer(new byte[] {0x13, 0x37, 0, 0, 0, 9, 1, 2, 3})));
  }

  /** The user's BOS connection stops answering, as a server process stopped with SIGSTOP: it reads and never writes. */
  public void stopAnswering(String screenName) {
    withSession(screenName, s -> s.hung = true);
  }

  /** How many self-info queries (OSERVICE 0x0E) the server has answered: the client's proof that it is alive. */
  public int selfInfoQueries() {
    return selfInfoQueries.get();
  }

  /** Closes the connection without a word. */
  public void dropConnection(String screenName) {
    withSession(screenName, ServerSession::close);
  }

  /** Signs the user off with a reason (1: signed on elsewhere). */
  public void signOff(String screenName, int reason) {
    withSession(screenName, s -> s.signOff(TlvBlock.of(Tlv.u16(Login.TLV_DISCONNECT_REASON, reason))));
  }

  /** Tells the client its message rate is near the limit, as if it had sent fast. */
  public void rateWarning(String screenName) {
    withSession(screenName, s -> s.forceRateLevel(2, 650, false));
  }

  /**
   * Puts the client's messages in the limited state, as if it had flooded: the server drops its
   * messages until their level is back at the clear level (about 2.2 s from now at the earliest).
   */
  public void rateLimit(String screenName) {
    withSession(screenName, s -> s.forceRateLevel(2, 450, true));
  }

  /** Sends the user class TLV (0x0001) in user info blocks as 4 bytes instead of 2, as some servers do. */
  public void userClassAsFourBytes(boolean on) {
    onContext(() -> userClassAsU32 = on);
  }

  /** Answers every message a client sends with an ICBM error (SNAC 4/1) of this code (4: not logged on); 0 stops. */
  public void bounceMessages(int icbmErrorCode) {
    onContext(() -> bounceCode = icbmErrorCode);
  }

  /** Moves the user to "another" BOS server (this one, with a new cookie). */
  public void migrate(String screenName) {
    withSession(screenName, s -> {
      Writer w = new Writer().u16(0).tlvs(TlvBlock.of(Tlv.of(Login.TLV_BOS_ADDRESS, "127.0.0.1:" + bosPort()),
          new Tlv(Login.TLV_COOKIE, issueCookie(s.user.screenName))));
      s.send(Oservice.FAMILY, Oservice.MIGRATE_GROUPS, w.buffer());
    });
  }

  // ---- what happened ----

  public int rateDisconnects() {
    return rateDisconnects.get();
  }

  public int rateLimitedSnacs() {
    return rateLimitedSnacs.get();
  }

  public int keepalives() {
    return keepalives.get();
  }

  /** The user's stored buddy list, as "group/buddy" lines. */
  public List<String> storedBuddies(String screenName) {
    return onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      List<String> lines = new ArrayList<>();
      for (FeedbagItem i : u.feedbag) {
        if (i.isBuddy()) {
          String group = u.feedbag.stream().filter(g -> g.isGroup() && g.groupId() == i.groupId()).map(FeedbagItem::name)
              .findFirst().orElse("?");
          lines.add(group + "/" + i.name());
        }
      }
      return lines;
    });
  }

  public boolean isOnline(String screenName) {
    return onContext(() -> users.get(normalize(screenName)).online());
  }

  /** Waits until the user's client has told the server it is online (CLIENT_ONLINE). */
  public void awaitOnline(String screenName) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!isOnline(screenName)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(screenName + " never came online at the test server");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits for a received message that matches. */
  public synchronized Received awaitMessage(Predicate<Received> match) {
    return awaitIn(received, match, "message");
  }

  public synchronized Typing awaitTyping(Predicate<Typing> match) {
    return awaitIn(typings, match, "typing notification");
  }

  public synchronized String awaitAuthorizationRequest(Predicate<String> match) {
    return awaitIn(authorizationRequests, match, "authorization request");
  }

  private <T> T awaitIn(List<T> list, Predicate<T> match, String what) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(20);
    while (true) {
      for (T item : list) {
        if (match.test(item)) {
          return item;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("The test server got no matching " + what + "; got " + list);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private synchronized <T> void record(List<T> list, T item) {
    list.add(item);
    notifyAll();
  }

  // ---- the server's side, on its context ----

  ServerUser user(String name) {
    return name == null ? null : users.get(normalize(name));
  }

  Integer checkLogin(String name, String password, String method) {
    loginMethods.computeIfAbsent(normalize(name), k -> new ArrayList<>()).add(method);
    if (refuseAsRateLimited) {
      return Login.ERR_RATE_LIMITED;
    }
    ServerUser u = user(name);
    if (u == null) {
      return Login.ERR_INVALID_NAME;
    }
    return u.password.equals(password) ? null : Login.ERR_BAD_PASSWORD_2;
  }

  Buffer issueCookie(String name) {
    byte[] cookie = new byte[64];
    random.nextBytes(cookie);
    cookies.put(Buffer.buffer(cookie).toString(StandardCharsets.ISO_8859_1), normalize(name));
    return Buffer.buffer(cookie);
  }

  ServerUser redeemCookie(Buffer cookie) {
    String name = cookies.remove(cookie.toString(StandardCharsets.ISO_8859_1));
    return name == null ? null : users.get(name);
  }

  /** A second sign-on pushes the first one off, as AIM did. */
  void attach(ServerUser u, ServerSession session) {
    ServerSession old = u.session;
    session.user = u;
    u.session = session;
    if (old != null && !old.closed) {
      old.user = null;
      old.signOff(TlvBlock.of(Tlv.u16(Login.TLV_DISCONNECT_REASON, Login.REASON_SIGNED_ON_ELSEWHERE)));
    }
  }

  UserInfo userInfo(ServerUser u) {
    int userClass = normalize(u.screenName).chars().allMatch(Character::isDigit) ? UserInfo.CLASS_ICQ : UserInfo.CLASS_AIM;
    if (!u.awayMessage.isEmpty()) {
      userClass |= UserInfo.CLASS_AWAY;
    }
    TlvBlock tlvs = TlvBlock.of(userClassAsU32 ? Tlv.u32(UserInfo.TLV_USER_CLASS, userClass) : Tlv.u16(UserInfo.TLV_USER_CLASS, userClass),
        Tlv.u32(UserInfo.TLV_SIGNON_TIME, System.currentTimeMillis() / 1000));
    if (u.idleMinutes > 0) {
      tlvs.add(Tlv.u16(UserInfo.TLV_IDLE_MINUTES, u.idleMinutes));
    }
    if (u.icqStatus != null) {
      tlvs.add(Tlv.u32(UserInfo.TLV_ICQ_STATUS, u.icqStatus));
    }
    return new UserInfo(u.screenName, 0, tlvs);
  }

  /** Tells the user who of their buddies is on, and their watchers that they are. */
  void cameOnline(ServerUser u) {
    if (u.session != null && u.session.online) {
      for (ServerUser other : users.values()) {
        if (other != u && other.online() && u.hasBuddy(normalize(other.screenName))) {
          u.session.arrived(other);
        }
      }
    }
    presenceChanged(u);
  }

  void presenceChanged(ServerUser u) {
    if (!u.online()) {
      return;
    }
    for (ServerUser watcher : users.values()) {
      if (watcher != u && watcher.session != null && watcher.session.online && watcher.hasBuddy(normalize(u.screenName))) {
        watcher.session.arrived(u);
      }
    }
  }

  void departed(ServerUser u) {
    for (ServerUser watcher : users.values()) {
      if (watcher != u && watcher.session != null && watcher.session.online && watcher.hasBuddy(normalize(u.screenName))) {
        watcher.session.departed(u);
      }
    }
  }

  /** A message from a client ({@code from}, its SNAC request id) or from a peer ({@code from} null). */
  void message(ServerUser sender, String to, Buffer cookie, Buffer imData, boolean store, ServerSession from, long requestId) {
    ServerUser target = user(to);
    ImData data = ImData.decode(imData);
    String raw = data.text().toString(data.charset() == ImData.UTF16BE ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    // An ICBM error answers the message's request id, as the documentation says errors do.
    if (from != null && bounceCode != 0) {
      from.send(Icbm.FAMILY, Icbm.ERR, requestId, new Writer().u16(bounceCode).buffer());
      return;
    }
    if (target == null) {
      if (from != null) {
        from.send(Icbm.FAMILY, Icbm.ERR, requestId, new Writer().u16(Icbm.ERR_NOT_LOGGED_ON).buffer());
      }
      return;
    }
    boolean deliverable = target.session != null && target.session.online;
    record(received, new Received(sender.screenName, target.screenName, data.charset(), raw, !deliverable && !target.virtualOnline));
    if (deliverable) {
      Writer w = new Writer().bytes(cookie).u16(Icbm.CHANNEL_IM);
      userInfo(sender).write(w);
      w.tlvs(TlvBlock.of(new Tlv(Icbm.TLV_IM_DATA, imData)));
      target.session.send(Icbm.FAMILY, Icbm.CHANNEL_MSG_TOCLIENT, w.buffer());
    } else if (!target.virtualOnline && store) {
      target.offline.add(new ServerUser.OfflineMessage(sender.screenName, imData, System.currentTimeMillis() / 1000));
    } else if (!target.virtualOnline && from != null) {
      from.send(Icbm.FAMILY, Icbm.ERR, requestId, new Writer().u16(Icbm.ERR_NOT_LOGGED_ON).buffer());
    }
  }

  /**
   * A channel-2 ICBM: only ICQ's request for an auto message is understood, answered for a peer
   * without a client as its client would (ICBM CLIENT_ERR, reason 3, the text); others are dropped.
   */
  void rendezvous(ServerUser sender, String to, Buffer cookie, TlvBlock tlvs, ServerSession from) {
    ServerUser target = user(to);
    Tlv rendezvous = tlvs.get(IcqAutoMessage.TLV_RENDEZVOUS);
    int type = rendezvous == null ? -1 : IcqAutoMessage.requestedType(rendezvous.value());
    if (target == null || !target.virtualOnline || type < 0) {
      return;
    }
    autoMessageRequests.incrementAndGet();
    IcqAutoMessage.Answer answer = new IcqAutoMessage.Answer(cookie, target.screenName,
        new IcqAutoMessage.Body(type, Buffer.buffer(target.icqAutoMessage.getBytes(StandardCharsets.UTF_8))));
    from.send(Icbm.FAMILY, Icbm.CLIENT_ERR, answer.encode());
  }

  void deliverOffline(ServerUser u, ServerSession session) {
    for (ServerUser.OfflineMessage m : u.offline) {
      Writer w = new Writer().bytes(new byte[8]).u16(Icbm.CHANNEL_IM);
      ServerUser sender = user(m.from());
      new UserInfo(sender.screenName, 0, new TlvBlock()).write(w);
      w.tlvs(TlvBlock.of(new Tlv(Icbm.TLV_IM_DATA, m.imData()), Tlv.u32(Icbm.TLV_OFFLINE_TIME, m.sentSeconds())));
      session.send(Icbm.FAMILY, Icbm.CHANNEL_MSG_TOCLIENT, w.buffer());
    }
    u.offline.clear();
    session.send(Icbm.FAMILY, Icbm.OFFLINE_RETRIEVE_REPLY, Buffer.buffer());
  }

  /** Stores a message for a user who is offline now (as if sent earlier). */
  public void storeOfflineMessage(String from, String to, String html, long sentSeconds) {
    onContext(() -> {
      ImData data = new ImData(ImData.ASCII, Buffer.buffer(html.getBytes(StandardCharsets.US_ASCII)));
      user(to).offline.add(new ServerUser.OfflineMessage(user(from).screenName, data.encode(), sentSeconds));
      return null;
    });
  }

  /** ICQ's own service: offline messages are fetched, then deleted, on request. */
  void icqQuery(ServerUser u, IcqMeta query, ServerSession session) {
    long uin = Long.parseLong(normalize(u.screenName));
    if (query.type() == Icq.OFFLINE_REQUEST) {
      for (ServerUser.OfflineMessage m : u.offline) {
        LocalDateTime sent = LocalDateTime.ofEpochSecond(m.sentSeconds(), 0, ZoneOffset.UTC);
        IcqMeta.OfflineMessage stored = new IcqMeta.OfflineMessage(Long.parseLong(normalize(m.from())), sent.getYear(),
            sent.getMonthValue(), sent.getDayOfMonth(), sent.getHour(), sent.getMinute(), ImData.decode(m.imData()).text());
        session.send(Icq.FAMILY, Icq.DB_REPLY, new IcqMeta(uin, Icq.OFFLINE_MESSAGE, query.sequence(), stored.encode()).encode());
      }
      session.send(Icq.FAMILY, Icq.DB_REPLY,
          new IcqMeta(uin, Icq.OFFLINE_DONE, query.sequence(), Buffer.buffer(new byte[1])).encode());
    } else if (query.type() == Icq.OFFLINE_DELETE) {
      u.offline.clear();
    }
  }

  /** Offline messages the server still keeps for the user. */
  public int storedOfflineMessages(String screenName) {
    return onContext(() -> users.get(normalize(screenName)).offline.size());
  }

  void typing(ServerUser sender, String to, int event) {
    ServerUser target = user(to);
    if (target == null) {
      return;
    }
    record(typings, new Typing(sender.screenName, target.screenName, event));
    if (target.session != null && target.session.online) {
      target.session.send(Icbm.FAMILY, Icbm.CLIENT_EVENT,
          new Writer().bytes(new byte[8]).u16(Icbm.CHANNEL_IM).string08(sender.screenName).u16(event).buffer());
    }
  }

  int editFeedbag(ServerUser u, int subtype, FeedbagItem item) {
    if (subtype == Feedbag.DELETE_ITEM) {
      boolean removed = u.feedbag.removeIf(i -> i.groupId() == item.groupId() && i.itemId() == item.itemId());
      return removed ? Feedbag.STATUS_OK : Feedbag.STATUS_NOT_FOUND;
    }
    if (item.isBuddy() && subtype == Feedbag.INSERT_ITEM) {
      ServerUser buddy = user(item.name());
      if (buddy != null && buddy.requiresAuthorization && !item.attributes().has(Feedbag.TLV_PENDING_AUTH)) {
        return Feedbag.STATUS_AUTH_REQUIRED;
      }
    }
    u.feedbag.removeIf(i -> i.groupId() == item.groupId() && i.itemId() == item.itemId());
    u.feedbag.add(item);
    return Feedbag.STATUS_OK;
  }

  void authorizationRequest(ServerUser from, String to, String reason) {
    ServerUser target = user(to);
    if (target == null) {
      return;
    }
    record(authorizationRequests, from.screenName + "->" + target.screenName);
    if (target.session != null && target.session.online) {
      target.session.send(Feedbag.FAMILY, Feedbag.REQUEST_AUTHORIZE_TO_CLIENT,
          new Writer().string08(from.screenName).string16(reason).u16(0).buffer());
    }
  }

  void authorizationAnswer(ServerUser from, String to, boolean granted) {
    ServerUser target = user(to);
    if (target == null) {
      return;
    }
    record(authorizationRequests, from.screenName + (granted ? " granted " : " declined ") + target.screenName);
    if (target.session != null && target.session.online) {
      target.session.send(Feedbag.FAMILY, Feedbag.RESPOND_AUTHORIZE_TO_CLIENT,
          new Writer().string08(from.screenName).u8(granted ? 1 : 0).string16("").buffer());
    }
  }

  private void withSession(String screenName, java.util.function.Consumer<ServerSession> action) {
    onContext(() -> {
      ServerUser u = users.get(normalize(screenName));
      if (u == null || u.session == null) {
        throw new IllegalStateException(screenName + " has no session on the test server");
      }
      action.accept(u.session);
      return null;
    });
  }

  /** Runs on the server's context and waits for the result. */
  private <T> T onContext(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server action failed", e);
    }
  }
}
