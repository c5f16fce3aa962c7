package parley.msn;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.contract.FailureCode;
import parley.msn.wire.Mime;
import parley.msn.wire.MsnLine;
import parley.msn.wire.Names;

/**
 * One conversation's switchboard session: opened on demand ({@code XFR SB}, then {@code USR} and
 * {@code CAL} the peer, ready once the peer {@code JOI}ns) or on the peer's invitation ({@code RNG},
 * then {@code ANS}); carries messages ({@code MSG} with acknowledgement {@code A}: {@code ACK} means
 * delivered, {@code NAK} not) and typing; closed after a while without a message, or when the
 * peer leaves ({@code BYE}) or the server drops it.
 */
final class Switchboard implements MsnConnection.Owner {
  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

  interface Listener {
    void message(String from, String text);

    void typing(String from);

    void closed(Switchboard switchboard);
  }

  /** Largest text bytes in one MSG: the servers take payloads of at most 1664 bytes, headers included. */
  static final int MAX_TEXT_BYTES = 1400;

  private final Vertx vertx;
  private final String self;
  private final String peer;
  private final Listener listener;
  private final LogContext context;
  private final long idleMs;
  private final Promise<Void> ready = Promise.promise();
  private final Set<String> joined = new LinkedHashSet<>();
  private MsnConnection conn;
  private long idleTimer = -1;
  private boolean closed;

  Switchboard(Vertx vertx, String self, String peer, Listener listener, LogContext context, long idleMs) {
    this.vertx = vertx;
    this.self = self;
    this.peer = peer;
    this.listener = listener;
    this.context = context;
    this.idleMs = idleMs;
  }

  String peer() {
    return peer;
  }

  /** A switchboard connection and the ticket ({@code CKI} auth) the notification server gave for it. */
  record Opened(MsnConnection conn, String auth) {}

  /** Ours to open: the switchboard the notification server named ({@code XFR SB}); calls the peer in. */
  void call(Future<Opened> connecting, long joinTimeoutMs) {
    connecting.compose(o -> {
          conn = o.conn();
          if (closed) {
            conn.close();
            return Future.failedFuture(new MsnConnection.Gone("closed"));
          }
          return conn.request("USR", Set.of("USR"), self, o.auth());
        })
        .compose(usr -> conn.request("CAL", Set.of("CAL"), peer))
        .compose(cal -> {
          // The peer's client answers the ring with JOI; until then nothing can be sent.
          long timer = vertx.setTimer(joinTimeoutMs, id -> ready.tryFail(new MsnConnection.Gone("nobody joined in time")));
          return ready.future().onComplete(ar -> vertx.cancelTimer(timer));
        })
        .onFailure(e -> context.run(() -> {
          ready.tryFail(e);
          close();
        }));
  }

  /** The peer's invitation ({@code RNG}): answers it on the switchboard named. */
  void answer(Future<MsnConnection> connecting, String auth, String sessionId) {
    connecting.compose(c -> {
          conn = c;
          if (closed) {
            c.close();
            return Future.failedFuture(new MsnConnection.Gone("closed"));
          }
          return c.request("ANS", Set.of("ANS"), self, auth, sessionId);
        })
        .onSuccess(ans -> context.run(() -> {
          ready.tryComplete();
          touch();
        }))
        .onFailure(e -> context.run(() -> {
          ready.tryFail(e);
          close();
        }));
  }

  /** Sends {@code text} (in as many messages as its size needs); completes when the server acknowledged each. */
  Future<Void> send(String text) {
    return ready.future().recover(e -> Future.failedFuture(notReached(e))).compose(v -> {
      touch();
      List<Future<MsnLine>> acks = new ArrayList<>();
      for (String piece : pieces(text)) {
        acks.add(conn.request("MSG", Set.of("ACK", "NAK"), Mime.text(piece), "A"));
      }
      return Future.all(acks).recover(e -> Future.failedFuture(notDelivered(e))).compose(all -> {
        for (int i = 0; i < all.size(); i++) {
          if ("NAK".equals(all.<MsnLine>resultAt(i).command())) {
            return Future.failedFuture(FailureCode.IM_ERROR.exception(peer
                + " did not receive the message: the MSN switchboard could not deliver it (NAK)."));
          }
        }
        return Future.succeededFuture();
      });
    });
  }

  /** Typing goes only on an open switchboard (MSN has no "stopped typing"). */
  void typing() {
    if (ready.future().succeeded() && conn != null && !conn.ended()) {
      conn.send("MSG", Mime.typing(self), "U");
    }
  }

  private Throwable notReached(Throwable e) {
    if (e instanceof MsnConnection.ServerError s && s.code == 217) {
      return FailureCode.IM_ERROR.exception(peer + " is not signed in to MSN, and MSN cannot deliver messages to "
          + "someone who is offline.");
    }
    if (e instanceof MsnConnection.ServerError s) {
      return FailureCode.IM_ERROR.exception(Failures.commandRefused("the chat with " + peer, s.code));
    }
    return FailureCode.IM_ERROR.exception("The MSN chat with " + peer + " could not be opened (" + e.getMessage() + ").");
  }

  private Throwable notDelivered(Throwable e) {
    if (e instanceof MsnConnection.ServerError s) {
      return FailureCode.IM_ERROR.exception(Failures.commandRefused("the message to " + peer, s.code));
    }
    return FailureCode.IM_ERROR.exception("The MSN switchboard closed before it confirmed the message to " + peer
        + " (" + e.getMessage() + "); it may not have arrived.");
  }

  /** The text cut at character boundaries into pieces of at most {@link #MAX_TEXT_BYTES} UTF-8 bytes. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      int n = ch.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_TEXT_BYTES) {
        out.add(piece.toString());
        piece.setLength(0);
        bytes = 0;
      }
      piece.append(ch);
      bytes += n;
      i += Character.charCount(cp);
    }
    if (piece.length() > 0 || out.isEmpty()) {
      out.add(piece.toString());
    }
    return out;
  }

  @Override
  public void line(MsnLine line) {
    switch (line.command()) {
      case "JOI" -> {
        if (line.param(0) != null) {
          joined.add(Names.key(line.param(0)));
          if (Names.key(line.param(0)).equals(peer)) {
            ready.tryComplete();
            touch();
          }
        }
      }
      case "IRO" -> {
        // IRO trid index count email friendly: who is in the conversation already.
        if (line.param(3) != null) {
          joined.add(Names.key(line.param(3)));
        }
      }
      case "BYE" -> {
        if (line.param(0) != null) {
          joined.remove(Names.key(line.param(0)));
        }
        if (joined.isEmpty()) {
          close();
        }
      }
      case "MSG" -> incoming(line);
      default -> log.debug("Switchboard with {}: ignored {}", peer, line);
    }
  }

  private void incoming(MsnLine line) {
    String from = line.param(0);
    if (from == null || line.payload() == null || !Names.email(from)) {
      return;
    }
    touch();
    Mime mime = Mime.parse(line.payload());
    switch (mime.contentType()) {
      case Mime.TEXT -> listener.message(Names.key(from), mime.body());
      case Mime.CONTROL -> {
        if (mime.header("TypingUser") != null) {
          listener.typing(Names.key(from));
        }
      }
      default -> log.debug("Switchboard with {}: ignored a {} message", peer, mime.contentType());
    }
  }

  private void touch() {
    if (closed) {
      return;
    }
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    idleTimer = vertx.setTimer(idleMs, id -> context.run(() -> {
      log.debug("Switchboard with {} idle; closing it", peer);
      idleTimer = -1;
      close();
    }));
  }

  @Override
  public void ended(Throwable why) {
    log.debug("Switchboard with {} ended: {}", peer, why == null ? "closed" : why.getMessage());
    ready.tryFail(why == null ? new MsnConnection.Gone("closed") : why);
    finish();
  }

  /** Leaves the conversation ({@code OUT}) and closes the connection. */
  void close() {
    if (conn != null && !conn.ended()) {
      conn.sendBare("OUT");
      conn.close();
    }
    ready.tryFail(new MsnConnection.Gone("the chat was closed"));
    finish();
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    listener.closed(this);
  }

  boolean isClosed() {
    return closed;
  }
}
