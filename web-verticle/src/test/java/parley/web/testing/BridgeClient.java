package parley.web.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A raw event-bus bridge client over SockJS's plain WebSocket endpoint, speaking the bridge's
 * JSON frames by hand, as any other client could. For tests that must show what a socket can
 * and cannot do.
 */
public final class BridgeClient implements AutoCloseable {
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  private final WebSocketClient client;
  private final WebSocket socket;
  /** Frames received and not yet taken by a {@code next} call, oldest first. */
  private final List<JsonObject> frames = new ArrayList<>();
  /** Sees every frame first, on the socket's thread; the frames it takes are not queued. */
  private volatile Predicate<JsonObject> tap = f -> false;
  private volatile boolean closed;

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    if (socket.isClosed()) {
      // The server may close a socket at once (for example one that is not signed in).
      closed = true;
      return;
    }
    // The bridge may send its JSON frames as text or binary WebSocket messages; a large one (an
    // attach reply with a long backlog) comes in several WebSocket frames, put together here.
    socket.textMessageHandler(text -> received(new JsonObject(text)));
    socket.binaryMessageHandler(data -> received(new JsonObject(data)));
    socket.closeHandler(v -> closed = true);
  }

  private void received(JsonObject frame) {
    if (tap.test(frame)) {
      return;
    }
    synchronized (frames) {
      frames.add(frame);
      frames.notifyAll();
    }
  }

  /** Connects with the given Cookie header (null for none). */
  public static BridgeClient connect(Vertx vertx, int port, String cookie) {
    return connect(vertx, port, cookie, null);
  }

  /** Connects with the given Cookie and Origin headers (null for none), as a browser page of that origin would. */
  public static BridgeClient connect(Vertx vertx, int port, String cookie, String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket");
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    // Kept with the socket: a client nobody holds may be closed under it.
    // A browser takes messages of any size; Vert.x's client stops at 256 KiB by default.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    return new BridgeClient(client, client.connect(options).await());
  }

  /**
   * Lets {@code tap} see every later frame as it arrives (on the socket's thread, for a load
   * driver that times arrivals); the frames it returns true for are not kept for {@code next}.
   */
  public void tap(Predicate<JsonObject> tap) {
    this.tap = tap;
  }

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  /** Sends a request and returns the reply address to wait on. */
  public String send(String address, Object body, JsonObject headers) {
    String replyAddress = UUID.randomUUID().toString();
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress);
    if (headers != null) {
      frame.put("headers", headers);
    }
    write(frame);
    return replyAddress;
  }

  public void publish(String address, Object body) {
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  /** Writes raw text, which need not be JSON. */
  public void socketText(String text) {
    if (!closed()) {
      socket.writeTextMessage(text).recover(err -> io.vertx.core.Future.succeededFuture()).await();
    }
  }

  /** Writes a frame; on a closed socket there is nobody to write to, and nothing happens. */
  public void write(JsonObject frame) {
    if (closed()) {
      return;
    }
    socket.writeTextMessage(frame.encode()).recover(err -> io.vertx.core.Future.succeededFuture()).await();
  }

  /** The oldest frame not taken yet, or null after {@code ms} milliseconds of silence. */
  public JsonObject next(long ms) throws InterruptedException {
    return take(f -> true, ms);
  }

  /**
   * The oldest frame of that type and (when not null) address, or null after {@code ms}
   * milliseconds; other frames stay for later calls.
   */
  public JsonObject next(String type, String address, long ms) throws InterruptedException {
    return take(f -> type.equals(f.getString("type")) && (address == null || address.equals(f.getString("address"))), ms);
  }

  /** The oldest frame passing the test, or null after {@code ms} milliseconds; others stay. */
  public JsonObject take(Predicate<JsonObject> test, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    synchronized (frames) {
      while (true) {
        for (Iterator<JsonObject> it = frames.iterator(); it.hasNext(); ) {
          JsonObject f = it.next();
          if (test.test(f)) {
            it.remove();
            return f;
          }
        }
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
          return null;
        }
        frames.wait(left);
      }
    }
  }

  /** The reason the server gave when it closed the socket (null while open or when none was given). */
  public String closeReason() {
    return socket.closeReason();
  }

  /** The status code the server gave when it closed the socket (null while open). */
  public Short closeStatus() {
    return socket.closeStatusCode();
  }

  public boolean closed() {
    return closed || socket.isClosed();
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
    client.close();
  }
}
