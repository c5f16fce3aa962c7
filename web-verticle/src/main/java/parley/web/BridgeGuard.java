package parley.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.ClusterBoot;
import parley.boot.Monitoring;
import parley.contract.Addresses;
import parley.contract.BridgeSocket;
import parley.contract.BrowserCommand;
import parley.contract.Headers;
import parley.contract.SessionRequest;
import parley.contract.Shards;
import parley.contract.browser.SessionMovedEvent;
import parley.contract.session.BrowserAttachment;
import parley.boot.ShardRouter;

/**
 * Who may do what through the SockJS bridge. Only signed-in sockets, at most
 * {@code web.maxSocketsPerUser} per user; inbound only the browser command and billing addresses
 * (and the admin addresses for admins), with the user id header stamped here over whatever the
 * client sent, within a command budget per socket and per user; outbound only the socket's own
 * user's event address, checked on REGISTER, and only as fast as the socket takes it: a socket
 * whose unsent bytes stay over {@code web.socketQueueBytes} is closed (its page reconnects and
 * catches up from the stream).
 *
 * <p>Browser commands and attachments go to the user's session shard ({@link Shards}): a command is
 * passed on here rather than by the bridge (whose permission stays the one command address), and
 * its answer is written back to the socket; when a session process takes a shard, the sockets of
 * its users here are told {@code session.moved} and attached to it again.
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
  /** Commands of one socket waiting for their answer (the bridge's handler bound, which no longer sees them). */
  private static final int MAX_COMMANDS_IN_FLIGHT = 64;
  /** Within the page's own 30 s, a command waits this long for its shard's owner and answer. */
  private static final long COMMAND_TIMEOUT_MS = 25_000;
  /** Attachments held for shards without an owner; one per socket opening or closing, so plenty. */
  private static final int ATTACHMENTS_HELD = 10_000;
  private static final long ATTACHMENT_TIMEOUT_MS = 10_000;
  /** The longest reply address the bridge accepts (its own rule, kept for the commands passed on here). */
  private static final int MAX_REPLY_ADDRESS_LENGTH = 36;

  private final Vertx vertx;
  private final double commandsPerSecond;
  private final double commandBurst;
  private final double userCommandsPerSecond;
  private final double userCommandBurst;
  private final int maxSocketsPerUser;
  private final long socketQueueBytes;
  private final long slowSocketNanos;
  private final int shardCount;
  /** Browser commands, each on its own; attachments, in order per shard. */
  private final ShardRouter commands;
  private final ShardRouter attachments;
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
    /** Registered on its user's events address (attached), until it unregisters. */
    boolean attached;
    int commandsInFlight;
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
  BridgeGuard(Vertx vertx, JsonObject config, int shardCount) {
    this.vertx = vertx;
    this.commandsPerSecond = config.getDouble("commandsPerSecond", 20.0);
    this.commandBurst = config.getDouble("commandBurst", 40.0);
    this.userCommandsPerSecond = config.getDouble("userCommandsPerSecond", 40.0);
    this.userCommandBurst = config.getDouble("userCommandBurst", 80.0);
    this.maxSocketsPerUser = config.getInteger("maxSocketsPerUser", 20);
    this.socketQueueBytes = config.getLong("socketQueueBytes", 1024L * 1024);
    this.slowSocketNanos = (long) (config.getDouble("slowSocketSeconds", 15.0) * 1e9);
    this.shardCount = shardCount;
    this.commands = new ShardRouter(vertx, shardCount, Headers.KIND_COMMAND, Addresses.BROWSER_COMMANDS, 0,
        COMMAND_TIMEOUT_MS, shard -> { }).repeatable(BrowserCommand::safeToRepeat);
    this.attachments = new ShardRouter(vertx, shardCount, Headers.KIND_BROWSER, Addresses.SESSION_BROWSERS,
        ATTACHMENTS_HELD, ATTACHMENT_TIMEOUT_MS, shard -> { });
    commands.start();
    attachments.onAcquired(this::shardAcquired).start();
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
        } else if (Addresses.BROWSER_COMMANDS.equals(address)) {
          passOn(event, userId);
        } else {
          event.complete(stampCommand(event, userId));
        }
      }
      case PUBLISH -> event.complete(false);
      case REGISTER -> {
        boolean own = Addresses.browserEvents(userId).equals(address(event));
        if (own) {
          SocketState state = sockets.get(socket);
          if (state != null) {
            state.attached = true;
          }
          tellSession(SessionRequest.BROWSER_ATTACHED, userId, socket);
        } else {
          log.warn("Socket of user {} tried to register on {}", userId, address(event));
        }
        event.complete(own);
      }
      case UNREGISTER -> {
        if (Addresses.browserEvents(userId).equals(address(event))) {
          SocketState state = sockets.get(socket);
          if (state != null) {
            state.attached = false;
          }
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
    if (!withinBudget(sockets.get(event.socket()), userId)) {
      return false;
    }
    JsonObject raw = event.getRawMessage();
    // Replace, never merge: a header the client sent must not survive.
    raw.put("headers", new JsonObject().put(Headers.USER_ID, userId));
    event.setRawMessage(raw);
    return true;
  }

  private boolean withinBudget(SocketState state, String userId) {
    UserState user = users.get(userId);
    long now = System.nanoTime();
    return state != null && user != null && state.bucket.tryTake(now) && user.bucket.tryTake(now);
  }

  /**
   * Sends a browser command to its user's session shard, with the user id header set here (never the
   * client's), and writes the answer to the socket as the bridge would. The bridge event stays
   * pending on purpose: completing it would make the bridge send the command itself (true) or write
   * a "rejected" error (false); nothing else waits for it.
   */
  private void passOn(BridgeEvent event, String userId) {
    SockJSSocket socket = event.socket();
    SocketState state = sockets.get(socket);
    JsonObject raw = event.getRawMessage();
    String replyAddress = raw.getValue("replyAddress") instanceof String r ? r : null;
    if (raw.getValue("body") instanceof JsonObject body && BrowserCommand.WEB_ONLY.contains(body.getValue("type"))) {
      log.warn("Socket of user {} sent a command only the web server may send", userId);
      event.complete(false);
      return;
    }
    if (state == null || state.commandsInFlight >= MAX_COMMANDS_IN_FLIGHT
        || (replyAddress != null && replyAddress.length() > MAX_REPLY_ADDRESS_LENGTH) || !withinBudget(state, userId)) {
      event.complete(false);
      return;
    }
    state.commandsInFlight++;
    commands.request(userId, raw.getValue("body"), Map.of(Headers.USER_ID, userId)).onComplete(ar -> {
      state.commandsInFlight--;
      if (replyAddress == null) {
        return;
      }
      if (ar.succeeded()) {
        JsonObject frame = new JsonObject().put("type", "rec").put("address", replyAddress).put("body", ar.result().body());
        write(socket, frame);
      } else {
        ReplyException failure = ar.cause() instanceof ReplyException r ? r
            : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ar.cause().getMessage());
        write(socket, new JsonObject().put("type", "err").put("address", replyAddress)
            .put("failureCode", failure.failureCode()).put("failureType", failure.failureType().name())
            .put("message", failure.getMessage()));
      }
    });
  }

  /**
   * A session process took {@code shard}: each socket here of a user in it is attached to the new
   * owner and told to attach again ({@code session.moved}, to that socket only).
   */
  private void shardAcquired(int shard) {
    for (Map.Entry<SockJSSocket, SocketState> entry : new ArrayList<>(sockets.entrySet())) {
      SocketState state = entry.getValue();
      if (state.attached && !state.closing && Shards.of(state.userId, shardCount) == shard) {
        tellSession(SessionRequest.BROWSER_ATTACHED, state.userId, state.id);
        write(entry.getKey(), new JsonObject().put("type", "rec").put("address", Addresses.browserEvents(state.userId))
            .put("body", new SessionMovedEvent().withType()));
      }
    }
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
    attachments.send(userId, new BrowserAttachment(type, userId, socketId, ClusterBoot.nodeId(vertx)).toJson());
  }

  private static String address(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    return raw == null ? null : raw.getString("address");
  }
}
