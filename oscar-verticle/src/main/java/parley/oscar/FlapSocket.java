package parley.oscar;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.boot.LogContext;
import parley.nodekit.ImFailure;
import parley.oscar.wire.Flap;
import parley.oscar.wire.FlapParser;
import parley.oscar.wire.Snac;
import parley.oscar.wire.WireException;

/**
 * One TCP connection to an OSCAR server, framed in FLAPs: numbers outgoing frames, parses incoming
 * ones, sends keepalives, and reports the end once: closed by the peer, or malformed data.
 */
final class FlapSocket {
  private static final Logger log = LoggerFactory.getLogger(FlapSocket.class);
  private final Vertx vertx;
  private final NetSocket socket;
  private final FlapParser parser;
  private int sequence = (int) (Math.random() * 0x7FFF);
  private Handler<Flap> frames = f -> { };
  private Handler<ImFailure> ended = f -> { };
  private boolean done;
  private long keepaliveTimer = -1;

  FlapSocket(Vertx vertx, NetSocket socket) {
    this.vertx = vertx;
    this.socket = socket;
    this.parser = new FlapParser(this::onFrame, e -> end(Failures.malformed(e.getMessage())));
    // The account's ids, set where the connection was made, go with every frame it receives.
    LogContext ids = LogContext.current();
    socket.handler(ids.wrap(parser));
    socket.closeHandler(ids.wrap(v -> end(Failures.lost())));
    socket.exceptionHandler(ids.wrap(e -> end(Failures.lost())));
  }

  void onFrame(Handler<Flap> handler) {
    this.frames = handler;
  }

  /** Called once, when the connection ends without {@link #close()}. */
  void onEnd(Handler<ImFailure> handler) {
    this.ended = handler;
  }

  private void onFrame(Flap flap) {
    if (done) {
      return;
    }
    try {
      frames.handle(flap);
    } catch (WireException e) {
      end(Failures.malformed(e.getMessage()));
    } catch (RuntimeException e) {
      // Whatever the server sent, no exception leaves the connection: it ends, and is retried.
      log.warn("Unexpected trouble with a frame on channel {}", flap.channel(), e);
      end(Failures.malformed("a frame on channel " + flap.channel() + " could not be handled"));
    }
  }

  /** Reports the failure and closes; no more frames are handled. */
  void end(ImFailure failure) {
    if (done) {
      return;
    }
    done = true;
    parser.stop();
    stopKeepalive();
    socket.close();
    ended.handle(failure);
  }

  void send(int channel, Buffer data) {
    if (done) {
      return;
    }
    sequence = (sequence + 1) & 0xFFFF;
    socket.write(new Flap(channel, sequence, data).encode());
  }

  void send(Snac snac) {
    send(Flap.DATA, snac.encode());
  }

  void keepalive(long intervalMs) {
    stopKeepalive();
    keepaliveTimer = vertx.setPeriodic(intervalMs, id -> send(Flap.KEEPALIVE, Buffer.buffer()));
  }

  private void stopKeepalive() {
    if (keepaliveTimer >= 0) {
      vertx.cancelTimer(keepaliveTimer);
      keepaliveTimer = -1;
    }
  }

  /** Closes without reporting: Parley ended it. A sign-off frame tells the server first. */
  void close() {
    if (done) {
      return;
    }
    send(Flap.SIGNOFF, Buffer.buffer());
    done = true;
    parser.stop();
    stopKeepalive();
    socket.close();
  }

  boolean isOpen() {
    return !done;
  }
}
