package parley.session.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 whose connections a test can freeze: nothing is forwarded either way
 * until it thaws, as with a database that stops answering without closing the connection.
 */
public final class FreezableProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private final NetServer server;
  private volatile boolean frozen;

  public FreezableProxy(String targetHost, int targetPort) throws Exception {
    server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(targetPort, targetHost).onSuccess(upstream -> {
        join(client, upstream);
        join(upstream, client);
        if (!frozen) {
          client.resume();
        }
      }).onFailure(e -> client.close());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void join(NetSocket from, NetSocket to) {
    sockets.add(from);
    from.handler(to::write);
    from.closeHandler(v -> to.close());
  }

  public int port() {
    return server.actualPort();
  }

  public void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  public void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
