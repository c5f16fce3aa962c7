package parley.msn.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import parley.msn.wire.Digests;
import parley.msn.wire.Mime;
import parley.msn.wire.MsnFramer;
import parley.msn.wire.MsnLine;
import parley.msn.wire.Names;

/**
 * A scripted MSN client for tests (the person on the other side): signs in to an
 * {@link MsnTestServer} with MSNP7 and MD5, as MSN Messenger 4 did, keeps a switchboard per
 * conversation and answers invitations. Blocking helpers, for test threads; written apart from the
 * node's code so that the two check each other.
 */
public final class MsnPeer implements AutoCloseable {
  public static final long TIMEOUT_MS = 20_000;

  private record Line(Conn from, MsnLine line) {}

  private final class Conn {
    final NetSocket socket;
    int trId;
    String peer;

    Conn(NetSocket socket) {
      this.socket = socket;
      MsnFramer framer = new MsnFramer(MsnFramer.FROM_SERVER, l -> received(this, l), e -> socket.close());
      socket.handler(framer);
    }

    int send(String command, String... params) {
      int tr = ++trId;
      socket.write(command + " " + tr + (params.length == 0 ? "" : " " + String.join(" ", params)) + "\r\n");
      return tr;
    }

    int sendPayload(String command, String mode, Buffer payload) {
      int tr = ++trId;
      socket.write(Buffer.buffer(command + " " + tr + " " + mode + " " + payload.length() + "\r\n").appendBuffer(payload));
      return tr;
    }
  }

  public final String email;
  private final NetClient client;
  private final Conn ns;
  private final List<Line> lines = new ArrayList<>();
  private final Map<String, Conn> chats = new HashMap<>();
  private final List<String[]> messages = new ArrayList<>();
  private final List<String> typings = new ArrayList<>();

  private MsnPeer(Vertx vertx, NetClient client, NetSocket socket, String email) {
    this.client = client;
    this.email = email;
    this.ns = new Conn(socket);
  }

  /** Signs in (MSNP7, MD5) and goes online ({@code NLN}). */
  public static MsnPeer signIn(Vertx vertx, MsnTestServer server, String email, String password) {
    NetClient client = vertx.createNetClient();
    NetSocket socket = MsnTestServer.await(client.connect(server.port(), server.host()));
    MsnPeer peer = new MsnPeer(vertx, client, socket, email);
    peer.answered(peer.ns, peer.ns.send("VER", "MSNP7", "CVR0"), "VER");
    peer.answered(peer.ns, peer.ns.send("CVR", "0x0409", "win", "4.10", "i386", "MSNMSGR", "4.7.2009", "MSMSGS"), "CVR");
    MsnLine challenge = peer.answered(peer.ns, peer.ns.send("USR", "MD5", "I", email), "USR");
    peer.answered(peer.ns, peer.ns.send("USR", "MD5", "S", Digests.md5Login(challenge.param(3), password)), "USR");
    peer.answered(peer.ns, peer.ns.send("SYN", "0"), "SYN");
    peer.setStatus("NLN");
    return peer;
  }

  public void setStatus(String status) {
    answered(ns, ns.send("CHG", status), "CHG");
  }

  /** Changes this peer's friendly name ({@code REA}). */
  public void rename(String friendly) {
    answered(ns, ns.send("REA", email, Names.encode(friendly)), "REA");
  }

  /** Puts {@code other} on the forward and allow lists. */
  public void addContact(String other) {
    answered(ns, ns.send("ADD", "FL", other, other, "0"), "ADD");
    allow(other);
  }

  public void allow(String other) {
    ns.send("ADD", "AL", other, other);
    await(l -> l.from == ns && "ADD".equals(l.line.command()) && "AL".equals(l.line.param(1)), "ADD AL " + other);
  }

  /** Waits until someone puts this peer on their list ({@code ADD 0 RL}); returns who. */
  public String awaitAddedBy(String who) {
    return await(l -> l.from == ns && "ADD".equals(l.line.command()) && "RL".equals(l.line.param(1))
        && who.equals(l.line.param(3)), "ADD RL from " + who).line.param(3);
  }

  /** Waits for {@code other}'s status ({@code ILN}/{@code NLN}; "FLN" for offline). */
  public void awaitStatus(String other, String status) {
    await(l -> l.from == ns && (("NLN".equals(l.line.command()) && other.equals(l.line.param(1)) && status.equals(l.line.param(0)))
        || ("ILN".equals(l.line.command()) && other.equals(l.line.param(2)) && status.equals(l.line.param(1)))
        || ("FLN".equals(l.line.command()) && "FLN".equals(status) && other.equals(l.line.param(0)))), other + " " + status);
  }

  /** Says {@code text} to {@code other}, opening a switchboard first if none is open; waits for the ACK. */
  public void say(String other, String text) {
    Conn sb = chat(other);
    int tr = sb.sendPayload("MSG", "A", Mime.text(text));
    MsnLine ack = await(l -> l.from == sb && String.valueOf(tr).equals(l.line.param(0))
        && ("ACK".equals(l.line.command()) || "NAK".equals(l.line.command())), "ACK " + tr).line;
    if (!"ACK".equals(ack.command())) {
      throw new AssertionError("NAK for a message to " + other);
    }
  }

  public void typing(String other) {
    chat(other).sendPayload("MSG", "U", Mime.typing(email));
  }

  private Conn chat(String other) {
    synchronized (this) {
      Conn open = chats.get(other);
      if (open != null) {
        return open;
      }
    }
    MsnLine xfr = answered(ns, ns.send("XFR", "SB"), "XFR");
    String[] hp = xfr.param(2).split(":");
    Conn sb = new Conn(MsnTestServer.await(client.connect(Integer.parseInt(hp[1]), hp[0])));
    sb.socket.closeHandler(v -> forget(sb));
    answered(sb, sb.send("USR", email, xfr.param(4)), "USR");
    answered(sb, sb.send("CAL", other), "CAL");
    await(l -> l.from == sb && "JOI".equals(l.line.command()) && other.equals(l.line.param(0)), "JOI " + other);
    sb.peer = other;
    synchronized (this) {
      chats.put(other, sb);
    }
    return sb;
  }

  private synchronized void forget(Conn sb) {
    chats.values().remove(sb);
  }

  /** The next text message from {@code other} (on any switchboard). */
  public String awaitMessage(String other) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    synchronized (this) {
      while (true) {
        for (String[] m : messages) {
          if (m[0].equals(other)) {
            messages.remove(m);
            return m[1];
          }
        }
        waitUntil(deadline, "a message from " + other);
      }
    }
  }

  public void awaitTyping(String other) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    synchronized (this) {
      while (!typings.remove(other)) {
        waitUntil(deadline, "typing from " + other);
      }
    }
  }

  /** Closes every switchboard of this peer (its side of the conversations ends). */
  public void leaveChats() {
    List<Conn> open;
    synchronized (this) {
      open = new ArrayList<>(chats.values());
      chats.clear();
    }
    open.forEach(c -> {
      c.socket.write("OUT\r\n");
      c.socket.close();
    });
  }

  @Override
  public void close() {
    leaveChats();
    ns.socket.write("OUT\r\n");
    MsnTestServer.await(ns.socket.close());
    client.close();
  }

  // ---- lines ----

  private void received(Conn from, MsnLine line) {
    if (from == ns && "RNG".equals(line.command())) {
      ring(line);
    }
    if (from != ns && "MSG".equals(line.command()) && line.payload() != null) {
      Mime mime = Mime.parse(line.payload());
      synchronized (this) {
        if (Mime.TEXT.equals(mime.contentType())) {
          messages.add(new String[] {line.param(0), mime.body()});
        } else if (Mime.CONTROL.equals(mime.contentType())) {
          typings.add(line.param(0));
        }
        notifyAll();
      }
      return;
    }
    if (from == ns && "CHL".equals(line.command())) {
      int tr = ++ns.trId;
      ns.socket.write(Buffer.buffer("QRY " + tr + " " + Digests.CLIENT_ID + " 32\r\n" + Digests.challenge(line.param(1)),
          StandardCharsets.US_ASCII.name()));
    }
    synchronized (this) {
      lines.add(new Line(from, line));
      notifyAll();
    }
  }

  /** RNG session host:port CKI auth caller friendly: joins the conversation. */
  private void ring(MsnLine rng) {
    String[] hp = rng.param(1).split(":");
    String caller = rng.param(4);
    client.connect(Integer.parseInt(hp[1]), hp[0]).onSuccess(socket -> {
      Conn sb = new Conn(socket);
      sb.peer = caller;
      socket.closeHandler(v -> forget(sb));
      sb.send("ANS", email, rng.param(3), rng.param(0));
      synchronized (this) {
        chats.put(caller, sb);
      }
    });
  }

  private MsnLine answered(Conn on, int tr, String command) {
    Line l = await(x -> x.from == on && String.valueOf(tr).equals(x.line.param(0))
        && (command.equals(x.line.command()) || x.line.isError()), command + " " + tr);
    if (l.line.isError()) {
      throw new AssertionError(command + " refused: " + l.line);
    }
    return l.line;
  }

  private synchronized Line await(Predicate<Line> match, String what) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      for (Line l : lines) {
        if (match.test(l)) {
          lines.remove(l);
          return l;
        }
      }
      waitUntil(deadline, what);
    }
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      throw new AssertionError(email + " waited in vain for " + what + "; lines: " + lines);
    }
    try {
      wait(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
