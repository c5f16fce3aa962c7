package parley.yahoo.testing;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.yahoo.wire.Services;
import parley.yahoo.wire.YahooAuth;
import parley.yahoo.wire.YmsgException;
import parley.yahoo.wire.YmsgPacket;
import parley.yahoo.wire.YmsgParser;

/**
 * A YMSG 10 server for tests, written from the public protocol descriptions (libyahoo2's and
 * Pidgin's notes, the revival servers' write-ups): the challenge-response login (it checks both
 * answers, key 6 and key 96), the server-stored buddy list with groups, the "added you" request
 * and its answer, presence and custom status texts sent to the buddies who watch, messages
 * between the connected clients (stored while the recipient is away and sent at its next login),
 * typing notifications, PING answered. One login per Yahoo ID: a second one ends the first with a
 * LOGOFF of status -1. Misbehaves on demand. Runs on 127.0.0.1 on a random port with its own
 * Vert.x; the other person is a {@link YahooTestClient}.
 */
public final class YahooTestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(YahooTestServer.class);

  /** A message a client sent, as the server took it. */
  public record Received(String from, String to, String text) {}

  /** A typing notification a client sent. */
  public record Typing(String from, String to, boolean typing) {}

  private static final class User {
    final String id;
    final String password;
    /** Buddy list: group to buddies (lower-case ids), in order. */
    final Map<String, List<String>> groups = new LinkedHashMap<>();
    /** Buddies on this list who have not yet answered this user's request. */
    final Set<String> awaiting = new LinkedHashSet<>();
    /** Who asked to add this user, waiting for an answer. */
    final Set<String> requests = new LinkedHashSet<>();
    final List<Received> stored = new ArrayList<>();

    User(String id, String password) {
      this.id = id;
      this.password = password;
    }

    boolean watches(String buddy) {
      return groups.values().stream().anyMatch(l -> l.contains(buddy)) && !awaiting.contains(buddy);
    }
  }

  private final class Conn {
    final NetSocket socket;
    final long sessionId = random.nextInt(Integer.MAX_VALUE);
    String id;
    String challenge;
    boolean online;
    boolean hung;
    long status = Services.AVAILABLE;
    String customText = "";
    long away;

    Conn(NetSocket socket) {
      this.socket = socket;
      socket.handler(new YmsgParser(YmsgPacket.MAX_PAYLOAD, this::onPacket, this::onBadData));
      socket.closeHandler(v -> gone(this));
    }

    void onBadData(YmsgException e) {
      log.info("Yahoo test server: bad data from a client: {}", e.getMessage());
      socket.close();
    }

    void onPacket(YmsgPacket p) {
      if (hung) {
        return;
      }
      handle(this, p);
    }

    void send(YmsgPacket.Builder packet) {
      if (!hung) {
        socket.write(packet.build().encode());
      }
    }

    YmsgPacket.Builder packet(int service, long status) {
      return YmsgPacket.of(service, status, sessionId);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, Conn> online = new HashMap<>();
  private final Set<Conn> conns = new LinkedHashSet<>();
  private final List<Received> received = new ArrayList<>();
  private final List<Typing> typings = new ArrayList<>();
  private NetServer server;
  private int port;
  private boolean silentLogin;
  private boolean locked;
  private int pings;

  /** Starts listening on a random port. */
  public YahooTestServer start() {
    return listen(0);
  }

  private YahooTestServer listen(int onPort) {
    onContext(() -> {
      server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(onPort).setReuseAddress(true))
          .connectHandler(socket -> conns.add(new Conn(socket)));
      return null;
    });
    server.listen().await();
    port = server.actualPort();
    log.info("Yahoo test server on 127.0.0.1:{}", port);
    return this;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The server process dies: it stops listening and every connection drops. The users and lists stay. */
  public void kill() {
    onContext(() -> {
      conns.forEach(c -> c.socket.close());
      return null;
    });
    server.close().await();
  }

  /** The server comes back on the same port. */
  public void restart() {
    listen(port);
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  static String normalize(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }

  // ---- set-up and misbehaviour, for tests ----

  public void addUser(String id, String password) {
    onContext(() -> users.put(normalize(id), new User(id, password)));
  }

  /** Puts {@code buddy} on {@code id}'s list in {@code group}, already accepted. */
  public void storeBuddy(String id, String group, String buddy) {
    onContext(() -> {
      users.get(normalize(id)).groups.computeIfAbsent(group, g -> new ArrayList<>()).add(normalize(buddy));
      return null;
    });
  }

  /** Every login is refused as locked (error 14), with a page to unlock it. */
  public void lockAccounts(boolean on) {
    onContext(() -> locked = on);
  }

  /** The server takes the connection and the login request but never sends the challenge. */
  public void silentLogin(boolean on) {
    onContext(() -> silentLogin = on);
  }

  /** The user's connection stops answering, as a server process stopped with SIGSTOP: it reads and never writes. */
  public void stopAnswering(String id) {
    withConn(id, c -> c.hung = true);
  }

  /** Closes the user's connection without a word. */
  public void dropConnection(String id) {
    withConn(id, c -> c.socket.close());
  }

  /** Bytes that are not a YMSG packet at all. */
  public void sendGarbage(String id) {
    withConn(id, c -> c.socket.write(Buffer.buffer("HTTP/1.0 400 Bad Request\r\n\r\n")));
  }

  /** A header announcing a payload of 60000 bytes (more than Parley accepts), and some of it. */
  public void sendOversized(String id) {
    withConn(id, c -> c.socket.write(Buffer.buffer().appendString("YMSG").appendUnsignedShort(10).appendUnsignedShort(0)
        .appendUnsignedShort(60000).appendUnsignedShort(Services.MESSAGE).appendUnsignedInt(1).appendUnsignedInt(c.sessionId)
        .appendBytes(new byte[4000])));
  }

  /** A server notice in a PING (key 16), as operators sent them. */
  public void notice(String id, String text) {
    withConn(id, c -> c.send(c.packet(Services.PING, 0).put(16, text)));
  }

  // ---- what happened, for tests ----

  public int pings() {
    return onContext(() -> pings);
  }

  public boolean isOnline(String id) {
    return onContext(() -> online.containsKey(normalize(id)));
  }

  public void awaitOnline(String id) {
    await("online " + id, () -> isOnline(id));
  }

  public void awaitOffline(String id) {
    await("offline " + id, () -> !isOnline(id));
  }

  /** The buddies on {@code id}'s list, as "group:buddy", in order. */
  public List<String> storedBuddies(String id) {
    return onContext(() -> {
      List<String> out = new ArrayList<>();
      users.get(normalize(id)).groups.forEach((g, l) -> l.forEach(b -> out.add(g + ":" + b)));
      return out;
    });
  }

  /** The user's status as the server knows it: code, custom text and away flag, or null when offline. */
  public String statusOf(String id) {
    return onContext(() -> {
      Conn c = online.get(normalize(id));
      return c == null ? null : c.status + "/" + c.customText + "/" + c.away;
    });
  }

  public Received awaitMessage(Predicate<Received> match) {
    return awaitIn("a message", received, match);
  }

  public Typing awaitTyping(Predicate<Typing> match) {
    return awaitIn("a typing notification", typings, match);
  }

  private <T> T awaitIn(String what, List<T> list, Predicate<T> match) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(30);
    while (System.currentTimeMillis() < deadline) {
      T found = onContext(() -> list.stream().filter(match).findFirst().orElse(null));
      if (found != null) {
        return found;
      }
      sleep();
    }
    throw new AssertionError("No " + what + " in time; seen: " + onContext(() -> new ArrayList<>(list)));
  }

  private static void await(String what, Callable<Boolean> condition) {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(30);
    try {
      while (System.currentTimeMillis() < deadline) {
        if (condition.call()) {
          return;
        }
        sleep();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("Not " + what + " in time");
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---- the protocol ----

  private void handle(Conn c, YmsgPacket p) {
    if (c.online) {
      handleOnline(c, p);
      return;
    }
    switch (p.service()) {
      case Services.AUTH -> {
        if (silentLogin) {
          return;
        }
        c.id = normalize(p.get(1, ""));
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        c.challenge = YahooAuth.y64(bytes);
        c.send(c.packet(Services.AUTH, 1).put(1, c.id).put(94, c.challenge).put(13, 1));
      }
      case Services.AUTH_RESP -> login(c, p);
      default -> log.info("Yahoo test server: {} before the login", p);
    }
  }

  private void login(Conn c, YmsgPacket p) {
    User user = c.id == null ? null : users.get(c.id);
    if (c.challenge == null || user == null) {
      refuse(c, Services.LOGIN_UNKNOWN_USER, null);
      return;
    }
    YahooAuth.Response expected = YahooAuth.respond(c.id, user.password, c.challenge);
    if (!expected.fromPassword().equals(p.get(6)) || !expected.fromCrypt().equals(p.get(96))) {
      refuse(c, Services.LOGIN_BAD_PASSWORD, null);
      return;
    }
    if (locked) {
      refuse(c, Services.LOGIN_LOCKED, "http://127.0.0.1/unlock");
      return;
    }
    Conn old = online.get(c.id);
    if (old != null) {
      old.send(old.packet(Services.LOGOFF, Services.STATUS_ERROR));
      old.online = false;
      old.socket.close();
    }
    c.online = true;
    online.put(c.id, c);
    StringBuilder list = new StringBuilder();
    user.groups.forEach((g, l) -> list.append(g).append(':').append(String.join(",", l.stream()
        .map(b -> users.containsKey(b) ? users.get(b).id : b).toList())).append('\n'));
    c.send(c.packet(Services.LIST, 0).put(87, list.toString()).put(88, "").put(89, user.id));
    YmsgPacket.Builder logon = c.packet(Services.LOGON, 0).put(0, user.id).put(1, user.id);
    List<Conn> visible = user.groups.values().stream().flatMap(List::stream).distinct()
        .filter(user::watches).map(online::get).filter(b -> b != null).toList();
    logon.put(8, visible.size());
    visible.forEach(b -> statusFields(logon, b));
    c.send(logon);
    user.requests.forEach(from -> c.send(c.packet(Services.AUTHORIZATION, 1).put(4, users.get(from).id).put(5, user.id).put(14, "")));
    if (!user.stored.isEmpty()) {
      YmsgPacket.Builder offline = c.packet(Services.MESSAGE, Services.STATUS_OFFLINE_MESSAGES);
      user.stored.forEach(m -> offline.put(4, users.get(m.from()).id).put(5, user.id).put(14, m.text())
          .put(15, System.currentTimeMillis() / 1000 - 60).put(97, 1));
      user.stored.clear();
      c.send(offline);
    }
    toWatchers(c, Services.LOGON);
  }

  private void refuse(Conn c, int code, String url) {
    YmsgPacket.Builder answer = c.packet(Services.AUTH_RESP, Services.STATUS_ERROR).put(66, code);
    if (url != null) {
      answer.put(20, url);
    }
    c.send(answer);
  }

  private void statusFields(YmsgPacket.Builder packet, Conn who) {
    packet.put(7, users.get(who.id).id).put(10, who.status);
    if (who.status == Services.CUSTOM) {
      packet.put(19, who.customText).put(47, who.away);
    }
    packet.put(11, who.sessionId).put(17, 0).put(13, 1);
  }

  /** Tells everyone online who watches {@code c} its status, with {@code service}. */
  private void toWatchers(Conn c, int service) {
    online.values().stream().filter(w -> w != c && users.get(w.id).watches(c.id)).forEach(w -> {
      YmsgPacket.Builder packet = w.packet(service, 0);
      if (service == Services.LOGOFF) {
        packet.put(7, users.get(c.id).id);
      } else {
        statusFields(packet, c);
      }
      w.send(packet);
    });
  }

  private void handleOnline(Conn c, YmsgPacket p) {
    User me = users.get(c.id);
    switch (p.service()) {
      case Services.PING -> {
        pings++;
        c.send(c.packet(Services.PING, 0));
      }
      case Services.IS_AWAY, Services.IS_BACK -> {
        c.status = p.number(10, 0);
        c.customText = p.get(19, "");
        c.away = p.number(47, 0);
        toWatchers(c, p.service());
      }
      case Services.MESSAGE -> {
        String to = normalize(p.get(5, ""));
        Received message = new Received(c.id, to, p.get(14, ""));
        received.add(message);
        Conn peer = online.get(to);
        if (peer != null) {
          peer.send(peer.packet(Services.MESSAGE, 1).put(4, me.id).put(5, users.get(to).id).put(14, message.text()).put(97, 1));
        } else if (users.containsKey(to)) {
          users.get(to).stored.add(message);
        }
      }
      case Services.NOTIFY -> {
        String to = normalize(p.get(5, ""));
        boolean on = "1".equals(p.get(13));
        typings.add(new Typing(c.id, to, on));
        Conn peer = online.get(to);
        if (peer != null) {
          peer.send(peer.packet(Services.NOTIFY, Services.STATUS_TYPING).put(4, me.id).put(5, users.get(to).id)
              .put(49, "TYPING").put(13, on ? 1 : 0).put(14, " "));
        }
      }
      case Services.ADD_BUDDY -> {
        String buddy = normalize(p.get(7, ""));
        String group = p.get(65, "Friends");
        YmsgPacket.Builder answer = c.packet(Services.ADD_BUDDY, 0).put(1, me.id).put(7, p.get(7, "")).put(65, group);
        List<String> in = me.groups.computeIfAbsent(group, g -> new ArrayList<>());
        if (!users.containsKey(buddy)) {
          c.send(answer.put(66, 3));
          return;
        }
        if (in.contains(buddy)) {
          c.send(answer.put(66, 2));
          return;
        }
        in.add(buddy);
        me.awaiting.add(buddy);
        c.send(answer.put(66, 0));
        users.get(buddy).requests.add(c.id);
        Conn peer = online.get(buddy);
        if (peer != null) {
          peer.send(peer.packet(Services.AUTHORIZATION, 1).put(4, me.id).put(5, users.get(buddy).id).put(14, ""));
        }
      }
      case Services.REMOVE_BUDDY -> {
        String buddy = normalize(p.get(7, ""));
        boolean had = me.groups.values().stream().anyMatch(l -> l.contains(buddy));
        me.groups.values().forEach(l -> l.remove(buddy));
        me.awaiting.remove(buddy);
        c.send(c.packet(Services.REMOVE_BUDDY, 0).put(1, me.id).put(7, p.get(7, "")).put(66, had ? 0 : 3));
      }
      case Services.AUTHORIZATION -> {
        String requester = normalize(p.get(5, ""));
        if (!me.requests.remove(requester)) {
          return;
        }
        boolean accepted = "1".equals(p.get(13));
        User asker = users.get(requester);
        if (accepted) {
          asker.awaiting.remove(c.id);
        }
        Conn peer = online.get(requester);
        if (peer != null) {
          peer.send(peer.packet(Services.AUTHORIZATION, 1).put(4, me.id).put(5, asker.id).put(13, accepted ? 1 : 2));
          if (accepted) {
            YmsgPacket.Builder logon = peer.packet(Services.LOGON, 0);
            statusFields(logon, c);
            peer.send(logon);
          }
        }
      }
      case Services.LOGOFF -> c.socket.close();
      default -> log.info("Yahoo test server: ignored {}", p);
    }
  }

  private void gone(Conn c) {
    conns.remove(c);
    if (c.online && online.get(c.id) == c) {
      online.remove(c.id);
      toWatchers(c, Services.LOGOFF);
    }
  }

  // ---- running on the server's context ----

  private void withConn(String id, java.util.function.Consumer<Conn> action) {
    onContext(() -> {
      Conn c = online.get(normalize(id));
      if (c == null) {
        throw new IllegalStateException(id + " is not online");
      }
      action.accept(c);
      return null;
    });
  }

  private <T> T onContext(Callable<T> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(work.call());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future().await();
  }
}
