package parley.yahoo.testing;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import parley.yahoo.wire.Services;
import parley.yahoo.wire.YahooAuth;
import parley.yahoo.wire.YmsgPacket;
import parley.yahoo.wire.YmsgParser;

/**
 * The other person in tests: a scripted YMSG 10 client on a plain blocking socket, which logs in
 * with the challenge-response login and then sends and records packets. For test threads only.
 */
public final class YahooTestClient implements AutoCloseable {
  private static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);

  private final String id;
  private final Socket socket;
  private final OutputStream out;
  private final List<YmsgPacket> packets = new ArrayList<>();
  private final List<YmsgPacket> unclaimed = new ArrayList<>();
  private long sessionId;

  /** Connects and logs in as {@code id}; fails the test if the server refuses. */
  public YahooTestClient(YahooTestServer server, String id, String password) throws IOException {
    this.id = id;
    socket = new Socket(server.host(), server.port());
    socket.setSoTimeout(0);
    out = socket.getOutputStream();
    Thread reader = new Thread(this::read, "yahoo-test-client-" + id);
    reader.setDaemon(true);
    reader.start();
    send(YmsgPacket.of(Services.AUTH, 0, 0).put(1, id).build());
    YmsgPacket challenge = await(Services.AUTH, p -> true);
    sessionId = challenge.sessionId();
    YahooAuth.Response answer = YahooAuth.respond(id, password, challenge.get(94));
    send(YmsgPacket.of(Services.AUTH_RESP, 0, sessionId).put(0, id).put(6, answer.fromPassword())
        .put(96, answer.fromCrypt()).put(2, id).put(1, id).build());
    await(Services.LOGON, p -> id.equalsIgnoreCase(p.get(1, "")));
  }

  private void read() {
    YmsgParser parser = new YmsgParser(YmsgPacket.MAX_PAYLOAD, p -> {
      synchronized (this) {
        packets.add(p);
        unclaimed.add(p);
        notifyAll();
      }
    }, e -> { });
    byte[] buffer = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        parser.handle(Buffer.buffer().appendBytes(buffer, 0, n));
      }
    } catch (IOException e) {
      // closed
    }
  }

  private synchronized void send(YmsgPacket packet) throws IOException {
    out.write(packet.encode().getBytes());
    out.flush();
  }

  public void say(String to, String text) throws IOException {
    send(YmsgPacket.of(Services.MESSAGE, Services.STATUS_MESSAGE, sessionId).put(1, id).put(5, to).put(14, text)
        .put(97, 1).put(63, ";0").put(64, 0).build());
  }

  /** A message as older Yahoo clients format it: a colour escape and a font tag around the text. */
  public void sayFormatted(String to, String text) throws IOException {
    say(to, "\u001b[#ff0000m<font face=\"Arial\" size=\"10\">" + text + "</font>");
  }

  public void typing(String to, boolean on) throws IOException {
    send(YmsgPacket.of(Services.NOTIFY, Services.STATUS_TYPING, sessionId).put(49, "TYPING").put(1, id).put(14, " ")
        .put(13, on ? 1 : 0).put(5, to).build());
  }

  /** A custom away status with a text (code 99, away flag 1). */
  public void away(String text) throws IOException {
    send(YmsgPacket.of(Services.IS_AWAY, Services.CUSTOM, sessionId).put(10, Services.CUSTOM).put(19, text).put(47, 1).build());
  }

  public void status(int code) throws IOException {
    send(YmsgPacket.of(code == Services.AVAILABLE ? Services.IS_BACK : Services.IS_AWAY, code, sessionId).put(10, code).build());
  }

  public void addBuddy(String buddy, String group) throws IOException {
    send(YmsgPacket.of(Services.ADD_BUDDY, 0, sessionId).put(1, id).put(7, buddy).put(65, group).put(14, "").build());
    await(Services.ADD_BUDDY, p -> buddy.equalsIgnoreCase(p.get(7, "")));
  }

  public void answer(String requester, boolean accept) throws IOException {
    send(YmsgPacket.of(Services.AUTHORIZATION, 0, sessionId).put(1, id).put(5, requester).put(13, accept ? 1 : 2)
        .put(14, "").build());
  }

  /** The first packet of {@code service} not yet taken that matches, waiting for it. */
  public synchronized YmsgPacket await(int service, Predicate<YmsgPacket> match) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      for (YmsgPacket p : unclaimed) {
        if (p.service() == service && match.test(p)) {
          unclaimed.remove(p);
          return p;
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError(id + " got no packet of service 0x" + Integer.toHexString(service) + " in time; got " + packets);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits for a message from {@code from} with this text (as the server passed it on). */
  public YmsgPacket awaitMessage(String from, String text) {
    return await(Services.MESSAGE, p -> from.equalsIgnoreCase(p.get(4, "")) && text.equals(p.get(14)));
  }

  /** Waits for a request from {@code from} to add this client. */
  public YmsgPacket awaitRequest(String from) {
    return await(Services.AUTHORIZATION, p -> from.equalsIgnoreCase(p.get(4, "")) && p.get(13) == null);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
