package parley.web;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.Addresses;
import parley.contract.Headers;
import parley.contract.SessionRequest;

/**
 * Who may do what through the SockJS bridge. Only signed-in sockets; inbound only the browser
 * command and billing addresses (and the admin address for admins), with the user id header
 * stamped here over whatever the client sent; outbound only the socket's own user's event
 * address, checked on REGISTER.
 */
final class BridgeGuard implements Handler<BridgeEvent> {
  private static final Logger log = LoggerFactory.getLogger(BridgeGuard.class);
  /** The shape of an events address; REGISTER additionally checks it is the socket's own. */
  private static final String EVENTS_REGEX = Pattern.quote(Addresses.BROWSER_EVENTS_PREFIX) + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final EventBus bus;
  private final double commandsPerSecond;
  private final double commandBurst;
  /** Per open socket: its id (for the session's attachment count) and its command budget. */
  private final Map<SockJSSocket, SocketState> sockets = new WeakHashMap<>();

  private record SocketState(String id, TokenBucket bucket) {}

  BridgeGuard(EventBus bus, double commandsPerSecond, double commandBurst) {
    this.bus = bus;
    this.commandsPerSecond = commandsPerSecond;
    this.commandBurst = commandBurst;
  }

  static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_COMMANDS))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_BILLING))
        // Permitted in general, refused below for every socket whose user is not an admin.
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BROWSER_ADMIN))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(EVENTS_REGEX))
        // Pending replies count as handlers too, so this bounds in-flight commands per socket.
        .setMaxHandlersPerSocket(64)
        .setMaxAddressLength(128)
        .setReplyTimeout(30_000);
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
    String userId = userId(event.socket());
    if (userId == null) {
      // Not signed in (or signed out since): nothing at all, and the socket is closed.
      if (event.type() == BridgeEventType.SOCKET_CREATED) {
        event.complete(false);
        event.socket().close();
      } else {
        event.complete(event.type() == BridgeEventType.SOCKET_CLOSED || event.type() == BridgeEventType.SOCKET_PING);
      }
      return;
    }
    switch (event.type()) {
      case SEND -> {
        if (Addresses.BROWSER_ADMIN.equals(address(event)) && !admin(event.socket())) {
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
          tellSession(SessionRequest.BROWSER_ATTACHED, userId, event.socket());
        } else {
          log.warn("Socket of user {} tried to register on {}", userId, address(event));
        }
        event.complete(own);
      }
      case UNREGISTER -> {
        if (Addresses.browserEvents(userId).equals(address(event))) {
          tellSession(SessionRequest.BROWSER_DETACHED, userId, event.socket());
        }
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        tellSession(SessionRequest.BROWSER_DETACHED, userId, event.socket());
        sockets.remove(event.socket());
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private boolean stampCommand(BridgeEvent event, String userId) {
    if (!state(event.socket()).bucket().tryTake(System.nanoTime())) {
      return false;
    }
    JsonObject raw = event.getRawMessage();
    // Replace, never merge: a header the client sent must not survive.
    raw.put("headers", new JsonObject().put(Headers.USER_ID, userId));
    event.setRawMessage(raw);
    return true;
  }

  private void tellSession(String type, String userId, SockJSSocket socket) {
    bus.send(Addresses.SESSION_BROWSERS, new JsonObject().put("type", type).put("userId", userId)
        .put("socketId", socketId(socket))
        .put("webNodeId", parley.contract.boot.ClusterBoot.nodeId(io.vertx.core.Vertx.currentContext().owner())));
  }

  private String socketId(SockJSSocket socket) {
    return state(socket).id();
  }

  private SocketState state(SockJSSocket socket) {
    return sockets.computeIfAbsent(socket, s -> new SocketState(java.util.UUID.randomUUID().toString(),
        new TokenBucket(commandsPerSecond, commandBurst, System.nanoTime())));
  }

  private static String address(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    return raw == null ? null : raw.getString("address");
  }
}
