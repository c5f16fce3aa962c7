package parley.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's load balancer, as small as it gets: a TCP proxy on 127.0.0.1 that hands each new
 * connection to the first back end (web process port) in its list that accepts it. Connections
 * already made stay with their back end and end when it dies. While the list is empty (a balancer
 * whose health check has not yet noticed a dead back end and found the other) new connections are
 * closed at once. No stickiness: any back end may get any connection.
 */
public final class LoopbackBalancer implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile List<Integer> backEnds;
  private volatile boolean answersLost;

  public LoopbackBalancer(Integer... backEnds) throws IOException {
    this.backEnds = List.of(backEnds);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "balancer-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on new connections go to these back ends, the first that accepts. */
  public void route(Integer... ports) {
    backEnds = List.of(ports);
  }

  /**
   * While true, what the back ends send on connections already made is dropped (a request reaches
   * the web process, its answer never reaches the browser), as when a process dies mid-request.
   */
  public void loseAnswers(boolean lose) {
    answersLost = lose;
  }

  /** Cuts every connection made so far (the browser sees them closed and connects again). */
  public void cutAll() {
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      Thread t = new Thread(() -> serve(client), "balancer-connect");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket client) {
    Socket back = null;
    for (int port : backEnds) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        back = s;
        break;
      } catch (IOException refused) {
        closeQuietly(s);
      }
    }
    if (back == null) {
      closeQuietly(client);
      return;
    }
    open.add(client);
    open.add(back);
    pipe(client, back, false);
    pipe(back, client, true);
  }

  private void pipe(Socket from, Socket to, boolean answers) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (answers && answersLost) {
            continue;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ended) {
        // one side closed or died: close both below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "balancer-pipe");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
  }
}
