package parley.web.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw event-bus bridge client over SockJS's plain WebSocket endpoint, speaking the bridge's
 * JSON frames by hand, as any other client could. For tests that must show what a socket can
 * and cannot do.
 */
public final class BridgeClient implements AutoCloseable {
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private BridgeClient(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closed = true);
  }

  /** Connects with the given Cookie header (null for none). */
  public static BridgeClient connect(Vertx vertx, int port, String cookie) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket");
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    return new BridgeClient(vertx.createWebSocketClient().connect(options).await());
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

  public void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode()).await();
  }

  /** The next frame, or null after {@code ms} milliseconds of silence. */
  public JsonObject next(long ms) throws InterruptedException {
    return frames.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** The next frame matching a type and (when not null) an address; others are dropped. */
  public JsonObject next(String type, String address, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      JsonObject f = frames.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
      if (f != null && type.equals(f.getString("type")) && (address == null || address.equals(f.getString("address")))) {
        return f;
      }
    }
    return null;
  }

  public boolean closed() {
    return closed || socket.isClosed();
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
  }
}
