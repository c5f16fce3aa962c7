package parley.xmpp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server that the test controls: {@link #cut()} drops every
 * connection through it at once (both directions, as a network failure would), and while
 * {@linkplain #refuse refusing} it closes each new connection right away, so a client cannot get
 * through until the test lets it.
 */
public final class CuttableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;
  private volatile boolean holdingUpstream;
  /** Connections passed through to the server so far. */
  public final AtomicInteger connections = new AtomicInteger();

  public CuttableProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept = new Thread(this::acceptLoop, "cuttable-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Drops every connection through the proxy now. */
  public void cut() {
    sockets.forEach(CuttableProxy::closeQuietly);
    sockets.clear();
  }

  /**
   * While true, what the client sends is dropped (the server's bytes still reach the client), as
   * on a link that fails one way first: e.g. the client's acknowledgements never arrive.
   */
  public void dropUpstream(boolean drop) {
    holdingUpstream = drop;
  }

  /** While true, new connections are closed as soon as they are accepted. */
  public void refuse(boolean refuse) {
    refusing = refuse;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        connections.incrementAndGet();
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (upstream && holdingUpstream) {
            continue;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cuttable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
  }
}
