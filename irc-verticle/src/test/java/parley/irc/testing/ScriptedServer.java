package parley.irc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An IRC server on a raw socket whose every answer the test writes: for misbehaviour (garbage, endless
 * lines, flood kills, silence) and for IRCv3 features the Debian servers lack (SASL, NickServ).
 * Each accepted connection is a {@link Client} the test takes with {@link #accept()}.
 */
public final class ScriptedServer implements AutoCloseable {
  private static final long TIMEOUT_MS = 20_000;
  private final ServerSocket server;
  private final LinkedBlockingQueue<Client> accepted = new LinkedBlockingQueue<>();
  private final List<Client> all = new ArrayList<>();

  public ScriptedServer() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          Client c = new Client(server.accept());
          synchronized (all) {
            all.add(c);
          }
          accepted.add(c);
        }
      } catch (IOException e) {
        // closed
      }
    }, "scripted-irc-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next connection from the node. */
  public Client accept() {
    try {
      Client c = accepted.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (c == null) {
        throw new AssertionError("The node did not connect in time");
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    synchronized (all) {
      all.forEach(Client::close);
    }
  }

  /** One connection: the lines the node sent (with when they arrived) and a way to answer. */
  public static final class Client {
    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<Received> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private volatile boolean closedByPeer;

    public record Received(String line, long atMs) {}

    Client(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      Thread reader = new Thread(this::read, "scripted-irc-client");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (InputStream in = socket.getInputStream()) {
        int b;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
          if (b == '\n') {
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
              text = text.substring(0, text.length() - 1);
            }
            lines.add(new Received(text, System.currentTimeMillis()));
            bytes.reset();
          } else {
            bytes.write(b);
          }
        }
      } catch (IOException e) {
        // closed
      }
      closedByPeer = true;
    }

    public void send(String... rawLines) {
      try {
        for (String l : rawLines) {
          out.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public void sendBytes(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // the node may close while it is flooded: that is the point
      }
    }

    /** The next line the node sent that matches; earlier ones are skipped. */
    public Received awaitReceived(Predicate<String> match) {
      long deadline = System.currentTimeMillis() + TIMEOUT_MS;
      try {
        while (true) {
          Received r = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
          if (r == null) {
            throw new AssertionError("The node sent no matching line in time; lines so far: " + seen);
          }
          seen.add(r.line());
          if (match.test(r.line())) {
            return r;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    public String await(Predicate<String> match) {
      return awaitReceived(match).line();
    }

    public String await(String prefix) {
      return await(l -> l.startsWith(prefix));
    }

    /** Reads the node's CAP LS, NICK and USER, offers {@code caps} and takes its request; returns the CAP REQ line (or null). */
    public String negotiate(String caps) {
      await("CAP LS 302");
      send(":scripted CAP * LS :" + caps);
      if (caps.isEmpty()) {
        return null;
      }
      String req = await("CAP REQ");
      send(":scripted CAP * ACK :" + req.substring(req.indexOf(':') + 1));
      return req;
    }

    /** Welcomes {@code nick} (after CAP END). */
    public void welcome(String nick) {
      await("CAP END");
      send(":scripted 001 " + nick + " :Welcome " + nick, ":scripted 005 " + nick + " CHANTYPES=# PREFIX=(ov)@+ :are supported");
    }

    /** Waits until the node closed the connection. */
    public void awaitClosed() {
      long deadline = System.currentTimeMillis() + TIMEOUT_MS;
      while (!closedByPeer) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("The node did not close the connection in time; lines so far: " + seen);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }

    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
