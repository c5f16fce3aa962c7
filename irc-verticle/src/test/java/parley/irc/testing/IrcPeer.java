package parley.irc.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain IRC client on a raw socket: the other person in a test. Answers PING by itself. */
public final class IrcPeer implements AutoCloseable {
  private static final long TIMEOUT_MS = 20_000;
  private final Socket socket;
  private final OutputStream out;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  public final String nick;

  /** Connects and registers as {@code nick}; returns once the server welcomed it. */
  public IrcPeer(String host, int port, String nick) {
    this.nick = nick;
    try {
      socket = new Socket(host, port);
      socket.setSoTimeout(0);
      out = socket.getOutputStream();
      Thread reader = new Thread(this::read, "irc-peer-" + nick);
      reader.setDaemon(true);
      reader.start();
      send("NICK " + nick);
      send("USER " + nick + " 0 * :Peer");
      await(l -> l.contains(" 001 "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("PING")) {
          send("PONG" + line.substring(4));
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // closed
    }
  }

  public synchronized void send(String line) {
    try {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line that matches (earlier lines that do not are skipped). */
  public String await(Predicate<String> match) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    try {
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        if (line == null) {
          throw new AssertionError(nick + " got no matching line in time; lines so far: " + seen);
        }
        seen.add(line);
        if (match.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Joins {@code channel} and waits until the server says so; returns the names list (353) it sent. */
  public String join(String channel) {
    send("JOIN " + channel);
    String names = await(l -> l.contains(" 353 "));
    await(l -> l.contains(" 366 "));
    return names;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
