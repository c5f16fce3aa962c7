package parley.xmpp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server that the test controls: {@link #cut()} drops every
 * connection through it at once (both directions, as a network failure would), and while
 * {@linkplain #refuse refusing} it closes each new connection right away, so a client cannot get
 * through until the test lets it. {@linkplain #stallUpstream Stalling} stops reading what the client
 * sends on the connections open now, as a server that stops reading would: the client's bytes pile up
 * in the TCP buffers and then in the client.
 */
public final class CuttableProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;
  private volatile boolean holdingUpstream;
  /** Client sockets whose bytes are not read for now. */
  private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
  /** See {@link #stallUpstreamAt}: the text that stalls, whether it did, and the server's text since. */
  private volatile String stallMarker;
  private final java.util.concurrent.CountDownLatch stalledAtMarker = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean releasedAtMarker;
  private final StringBuffer downstream = new StringBuffer();
  /** What the clients sent (the first MiB, plain XML only), for {@link #sentToServer()}. */
  private final StringBuffer upstreamText = new StringBuffer();
  /** Connections passed through to the server so far. */
  public final AtomicInteger connections = new AtomicInteger();
  /** What each connection's client sent first (up to 64 bytes, printable), in the order they came. */
  private final List<String> openings = new CopyOnWriteArrayList<>();

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

  /**
   * True: stops reading from the clients of the connections open now (new ones are not stalled);
   * false: reads from them again, and what waited goes on to the server.
   */
  public void stallUpstream(boolean stall) {
    if (stall) {
      sockets.stream().filter(s -> s.getLocalPort() == port()).forEach(stalled::add);
    } else {
      stalled.clear();
    }
  }

  /**
   * Holds what a client sends from the stanza that contains {@code marker} on (plain XML, no TLS),
   * once, until {@link #releaseStall()}: the server answers it late, while its other bytes still
   * reach the client, e.g. messages sent meanwhile.
   */
  public void stallUpstreamAt(String marker) {
    stallMarker = marker;
  }

  /** Waits until a client sent the marker of {@link #stallUpstreamAt}; false after the timeout. */
  public boolean awaitStalled(long seconds) throws InterruptedException {
    return stalledAtMarker.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Whether the server sent {@code text} to a client since {@link #stallUpstreamAt} (the first MiB). */
  public boolean sentToClient(String text) {
    return downstream.indexOf(text) >= 0;
  }

  /** What the clients sent through the proxy so far (the first MiB; readable only without TLS). */
  public String sentToServer() {
    return upstreamText.toString();
  }

  /** Lets what waited at the marker go on to the server. */
  public void releaseStall() {
    releasedAtMarker = true;
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
        int index = openings.size();
        openings.add("");
        pump(client, upstream, true, index);
        pump(upstream, client, false, -1);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /**
   * Connections passed through, each by the first bytes its client sent: which client a connection
   * was (a node's stream header, or a stray from another test that called a port this proxy now has).
   */
  public List<String> openings() {
    return List.copyOf(openings);
  }

  private void pump(Socket from, Socket to, boolean upstream, int index) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while (true) {
          awaitUnstalled(from, upstream);
          if ((n = in.read(buffer)) < 0) {
            break;
          }
          // Bytes read just before a stall wait with it too.
          awaitUnstalled(from, upstream);
          if (upstream && holdingUpstream) {
            continue;
          }
          if (index >= 0 && openings.get(index).isEmpty()) {
            openings.set(index, new String(buffer, 0, Math.min(n, 64), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "."));
          }
          if (upstream && upstreamText.length() < 1 << 20) {
            upstreamText.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
          }
          if (!upstream && stallMarker != null && downstream.length() < 1 << 20) {
            downstream.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
          }
          if (upstream && stallMarker != null && stalledAtMarker.getCount() > 0) {
            String text = new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            int at = text.indexOf(stallMarker);
            if (at >= 0) {
              // What comes before the stanza with the marker goes on (our presence, say); the rest waits.
              int cut = Math.max(0, text.lastIndexOf("<iq", at));
              out.write(buffer, 0, cut);
              out.flush();
              stalledAtMarker.countDown();
              while (!releasedAtMarker && !from.isClosed()) {
                Thread.sleep(10);
              }
              out.write(buffer, cut, n - cut);
              out.flush();
              continue;
            }
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stalled.remove(from);
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cuttable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void awaitUnstalled(Socket from, boolean upstream) throws InterruptedException {
    while (upstream && stalled.contains(from) && !from.isClosed()) {
      Thread.sleep(10);
    }
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
