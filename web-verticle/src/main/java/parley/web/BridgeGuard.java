package parley.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.BridgeSocket;
import parley.contract.Headers;
import parley.contract.SessionRequest;
import parley.contract.boot.ClusterBoot;
import parley.contract.boot.Monitoring;

/**
 * Who may do what through the SockJS bridge. Only signed-in sockets, at most
 * {@code web.maxSocketsPerUser} per user; inbound only the browser command and billing addresses
 * (and the admin addresses for admins), with the user id header stamped here over whatever the
 * client sent, within a command budget per socket and per user; outbound only the socket's own
 * user's event address, checked on REGISTER, and only as fast as the socket takes it: a socket
 * whose unsent bytes stay over {@code web.socketQueueBytes} is closed (its page reconnects and
 * catches up from the stream).
 *
 * <p>Not thread-safe: the web verticle is one instance, so every socket's events come on its
 * event loop.
 */
final class BridgeGuard implements Handler<BridgeEvent> {
  private static final Logger log = LoggerFactory.getLogger(BridgeGuard.class);
  /** The shape of an events address; REGISTER additionally checks it is the socket's own. */
  private static final String EVENTS_REGEX = Pattern.quote(Addresses.BROWSER_EVENTS_PREFIX) + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** Inbound addresses only admin sockets may send to. */
  private static final java.util.Set<String> ADMIN_ONLY = java.util.Set.of(Addresses.BROWSER_ADMIN, Addresses.BROWSER_ADMIN_NODES);
  /** Past its bound, a socket may take this many times the bound more before it is closed at once. */
  private static final long OVER_BOUND_FACTOR = 4;
  /** How long a socket closed for being slow gets to read its close reason before its connection is cut. */
  private static final long CLOSE_GRACE_MS = 10_000;

  private final Vertx vertx;
  private final EventBus bus;
  private final double commandsPerSecond;
  private final double commandBurst;
  private final double userCommandsPerSecond;
  private final double userCommandBurst;
  private final int maxSocketsPerUser;
  private final long socketQueueBytes;
  private final long slowSocketNanos;
  /** Per open socket; weak, so a socket that never reports its close does not stay. */
  private final Map<SockJSSocket, SocketState> sockets = new WeakHashMap<>();
  /** Per user with open sockets, or with a command budget not yet refilled. */
  private final Map<String, UserState> users = new HashMap<>();
  /** For the gauges, which the scrape reads off the event loop. */
  private volatile int openSockets;
  private volatile int attachedUsers;

  private static final class SocketState {
    final String id = java.util.UUID.randomUUID().toString();
    final String userId;
    final TokenBucket bucket;
    /** Bytes written to the socket and not yet sent. */
    long queued;
    /** When {@code queued} went over the bound (-1: it is not), and how much was written since. */
    long overSince = -1;
    long overBytes;
    boolean closing;

    SocketState(String userId, TokenBucket bucket) {
      this.userId = userId;
      this.bucket = bucket;
    }
  }

  private static final class UserState {
    final TokenBucket bucket;
    int sockets;

    UserState(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  /** Limits from the web configuration section; see README.md. */
  BridgeGuard(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.commandsPerSecond = config.getDouble("commandsPerSecond", 20.0);
    this.commandBurst = config.getDouble("commandBurst", 40.0);
    this.userCommandsPerSecond = config.getDouble("userCommandsPerSecond", 40.0);
    this.userCommandBurst = config.getDouble("userCommandBurst", 80.0);
    this.maxSocketsPerUser = config.getInteger("maxSocketsPerUser", 20);
    this.socketQueueBytes = config.getLong("socketQueueBytes", 1024L * 1024);
    this.slowSocketNanos = (long) (config.getDouble("slowSocketSeconds", 15.0) * 1e9);
    MeterRegistry meters = Monitoring.meters(vertx);
    Gauge.builder("parley.bridge.sockets", () -> openSockets)
        .description("Browser sockets open on this web process").register(meters);
    Gauge.builder("parley.attached.users", () -> attachedUsers)
        .description("Users with at least one browser socket open on this web process").register(meters);
    // Forget users with no socket once their budget is full again (a new one would be the same).
    vertx.setPeriodic(60_000, id -> {
      long now = System.nanoTime();
      users.values().removeIf(u -> u.sockets == 0 && u.bucket.full(now));
    });
  }

  static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_COMMANDS))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_BILLING))
        // Permitted in general, refused below for every socket whose user is not an admin.
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_ADMIN))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_ADMIN_NODES))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(EVENTS_REGEX))
        // Pending replies count as handlers too, so this bounds in-flight commands per socket.
        .setMaxHandlersPerSocket(64)
        .setMaxAddressLength(128)
        .setReplyTimeout(30_000)
        .setPingTimeout(BridgeSocket.PING_TIMEOUT_MS);
  }

  static String userId(SockJSSocket socket) {
    Session session = socket.webSession();
    return session == null || session.isDestroyed() ? null : session.get(WebVerticle.SESSION_USER_ID);
  }

  static boolean admin(SockJSSocket socket) {
    Session session = socket.webSession();
    return session != null && !session.isDestroyed() && Boolean.TRUE.equals(session.get(WebVerticle.SESSION_ADMIN));
  }

  @Override
  public void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    if (event.type() == BridgeEventType.SOCKET_CLOSED) {
      closed(socket);
      event.complete(true);
      return;
    }
    String userId = userId(socket);
    if (userId == null) {
      // Not signed in (or signed out since): nothing at all, and the socket is closed.
      if (event.type() == BridgeEventType.SOCKET_CREATED) {
        event.complete(false);
        socket.close();
      } else {
        event.complete(event.type() == BridgeEventType.SOCKET_PING);
      }
      return;
    }
    switch (event.type()) {
      case SOCKET_CREATED -> event.complete(opened(socket, userId));
      case SEND -> {
        String address = address(event);
        if (address != null && ADMIN_ONLY.contains(address) && !admin(socket)) {
          log.warn("Socket of user {} (not an admin) tried to send to the admin API", userId);
          event.complete(false);
        } else {
          event.complete(stampCommand(event, userId));
        }
      }
      case PUBLISH -> event.complete(false);
      case REGISTER -> {
        boolean own = Addresses.browserEvents(userId).equals(address(event));
        if (own) {
          tellSession(SessionRequest.BROWSER_ATTACHED, userId, socket);
        } else {
          log.warn("Socket of user {} tried to register on {}", userId, address(event));
        }
        event.complete(own);
      }
      case UNREGISTER -> {
        if (Addresses.browserEvents(userId).equals(address(event))) {
          tellSession(SessionRequest.BROWSER_DETACHED, userId, socket);
        }
        event.complete(true);
      }
      case RECEIVE -> {
        write(socket, event.getRawMessage());
        // Written above, where its bytes are counted; the bridge must not write it again.
        event.complete(false);
      }
      case SOCKET_PING -> {
        SocketState state = sockets.get(socket);
        if (state != null && tooSlow(state, System.nanoTime())) {
          closeSlow(socket, state);
        }
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  /** Counts a new socket against its user's cap; false (and closed with a reason) when over it. */
  private boolean opened(SockJSSocket socket, String userId) {
    UserState user = users.computeIfAbsent(userId,
        u -> new UserState(new TokenBucket(userCommandsPerSecond, userCommandBurst, System.nanoTime())));
    if (user.sockets >= maxSocketsPerUser) {
      log.warn("User {} already has {} open sockets; closing another", userId, user.sockets);
      close(socket, BridgeSocket.CLOSE_TOO_MANY_SOCKETS, BridgeSocket.CLOSE_TOO_MANY_SOCKETS_TEXT);
      return false;
    }
    user.sockets++;
    sockets.put(socket, new SocketState(userId, new TokenBucket(commandsPerSecond, commandBurst, System.nanoTime())));
    countSockets();
    return true;
  }

  private void closed(SockJSSocket socket) {
    SocketState state = sockets.remove(socket);
    if (state == null) {
      return;
    }
    UserState user = users.get(state.userId);
    if (user != null) {
      user.sockets--;
    }
    countSockets();
    if (userId(socket) != null) {
      tellSession(SessionRequest.BROWSER_DETACHED, state.userId, state.id);
    }
  }

  private void countSockets() {
    openSockets = sockets.size();
    attachedUsers = (int) users.values().stream().filter(u -> u.sockets > 0).count();
  }

  private boolean stampCommand(BridgeEvent event, String userId) {
    SocketState state = sockets.get(event.socket());
    UserState user = users.get(userId);
    long now = System.nanoTime();
    if (state == null || user == null || !state.bucket.tryTake(now) || !user.bucket.tryTake(now)) {
      return false;
    }
    JsonObject raw = event.getRawMessage();
    // Replace, never merge: a header the client sent must not survive.
    raw.put("headers", new JsonObject().put(Headers.USER_ID, userId));
    event.setRawMessage(raw);
    return true;
  }

  /** Writes an outbound frame, counting its bytes until they are sent, and closes a socket that does not keep up. */
  private void write(SockJSSocket socket, JsonObject frame) {
    SocketState state = sockets.get(socket);
    if (state == null || state.closing) {
      return;
    }
    Buffer data = Buffer.buffer(frame.encode());
    long size = data.length();
    if (state.overSince >= 0) {
      state.overBytes += size;
    }
    state.queued += size;
    socket.write(data).onComplete(ar -> state.queued -= size);
    if (tooSlow(state, System.nanoTime())) {
      closeSlow(socket, state);
    }
  }

  private boolean tooSlow(SocketState state, long now) {
    if (state.queued <= socketQueueBytes) {
      state.overSince = -1;
      state.overBytes = 0;
      return false;
    }
    if (state.overSince < 0) {
      state.overSince = now;
    }
    return now - state.overSince >= slowSocketNanos || state.overBytes > OVER_BOUND_FACTOR * socketQueueBytes;
  }

  private void closeSlow(SockJSSocket socket, SocketState state) {
    if (state.closing) {
      return;
    }
    state.closing = true;
    log.warn("Closing a socket of user {}: {} KiB not taken for {} ms", state.userId, state.queued / 1024,
        (System.nanoTime() - state.overSince) / 1_000_000);
    close(socket, BridgeSocket.CLOSE_TOO_SLOW, BridgeSocket.CLOSE_TOO_SLOW_TEXT);
    // The close frame waits behind what the socket did not read, and the socket counts as closed
    // already: cut the connection, so that what it holds is freed.
    vertx.setTimer(CLOSE_GRACE_MS, id -> cut(socket));
  }

  /**
   * Closes a socket with a code and a sentence for the page: first as a bridge frame, because
   * vertx-web's SockJS sessions close with their own "Go away!" whatever the code and reason.
   */
  private static void close(SockJSSocket socket, int code, String reason) {
    socket.write(Buffer.buffer(new JsonObject().put("type", "err").put("failureType", BridgeSocket.CLOSING_FAILURE_TYPE)
        .put("failureCode", code).put("message", reason).encode()));
    socket.close(code, reason);
  }

  /**
   * Closes a socket's TCP connection at once. Vert.x's own close (even a shutdown with no grace,
   * even a close of the Netty channel, which passes Vert.x's handlers) is queued behind the
   * unsent writes, which a reader that stopped never takes; closing from the first handler of the
   * pipeline goes straight to the network. ConnectionBase is internal to vertx-core, hence the
   * fallback.
   */
  private static void cut(SockJSSocket socket) {
    RoutingContext ctx = socket.routingContext();
    HttpConnection connection = ctx == null ? null : ctx.request().connection();
    if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
      base.channel().pipeline().firstContext().close();
    } else if (connection != null) {
      connection.close();
    }
  }

  private void tellSession(String type, String userId, SockJSSocket socket) {
    SocketState state = sockets.get(socket);
    if (state != null) {
      tellSession(type, userId, state.id);
    }
  }

  private void tellSession(String type, String userId, String socketId) {
    bus.send(Addresses.SESSION_BROWSERS, new JsonObject().put("type", type).put("userId", userId)
        .put("socketId", socketId).put("webNodeId", ClusterBoot.nodeId(vertx)));
  }

  private static String address(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    return raw == null ? null : raw.getString("address");
  }
}
