package parley.bench.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;

/**
 * A loopback TCP proxy in front of the web processes, as a load balancer with a preferred backend
 * would be: each new connection goes to the first web process in its list that accepts it, so a
 * browser whose web process died reconnects through the same address and lands on the next one.
 * Bytes are passed through untouched (HTTP and WebSocket alike).
 */
final class WebFrontProxy implements AutoCloseable {
  private final Vertx vertx;
  private final List<Integer> backends;
  private final NetClient client;
  private NetServer server;

  WebFrontProxy(Vertx vertx, List<Integer> backends) {
    this.vertx = vertx;
    this.backends = List.copyOf(backends);
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
  }

  /** Listens on a free loopback port; returns it. */
  int start() {
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private void accept(NetSocket front) {
    front.pause();
    connect(0, backends.size()).onComplete(ar -> {
      if (ar.failed()) {
        front.close();
        return;
      }
      NetSocket back = ar.result();
      front.pipeTo(back);
      back.pipeTo(front);
      front.resume();
    });
  }

  /** The first backend from index {@code i} on that accepts, trying each at most once. */
  private Future<NetSocket> connect(int i, int left) {
    int port = backends.get(Math.floorMod(i, backends.size()));
    return client.connect(port, "127.0.0.1").recover(err -> left > 1 ? connect(i + 1, left - 1) : Future.failedFuture(err));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
    client.close().await();
  }
}
