package parley.irc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.FailureCode;

/**
 * Keeps within the server's flood limit, the rule of RFC 1459 section 8.10 that every common server
 * applies: each line sent moves a clock {@code lineMs} ahead, and a client whose clock runs more than
 * {@code burst} lines ahead of now is throttled and, when it keeps on, disconnected ("Excess Flood").
 * Lines that would pass that point wait here, in order; a message whose lines waited longer than
 * {@code maxHoldMs} is not sent and fails with RATE_LIMITED, in words. Replies to the server (PONG,
 * CAP, AUTHENTICATE) go first, without waiting, and still count.
 */
final class FloodQueue {
  private static final Logger log = LoggerFactory.getLogger(FloodQueue.class);

  private final Vertx vertx;
  private final Consumer<String> wire;
  private final long lineMs;
  private final long burstMs;
  private final long maxHoldMs;
  private final LongSupplier clock;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** The RFC's message timer: when the lines sent so far will have "drained". */
  private long timerAt;
  private long timer = -1;
  private boolean closed;

  private record Pending(List<String> lines, Promise<Void> sent, long deadline) {}

  FloodQueue(Vertx vertx, Consumer<String> wire, long lineMs, int burstLines, long maxHoldMs) {
    this(vertx, wire, lineMs, burstLines, maxHoldMs, System::currentTimeMillis);
  }

  FloodQueue(Vertx vertx, Consumer<String> wire, long lineMs, int burstLines, long maxHoldMs, LongSupplier clock) {
    this.vertx = vertx;
    this.wire = wire;
    this.lineMs = lineMs;
    this.burstMs = lineMs * burstLines;
    this.maxHoldMs = maxHoldMs;
    this.clock = clock;
  }

  /** A reply the server waits for: sent now, counted. */
  void now(String line) {
    if (closed) {
      return;
    }
    count();
    wire.accept(line);
  }

  /** The lines of one message, sent together when the limit allows; the future completes when the last went out. */
  Future<Void> send(List<String> lines) {
    if (closed) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    Pending pending = new Pending(lines, Promise.promise(), clock.getAsLong() + maxHoldMs);
    queue.add(pending);
    drain();
    return pending.sent().future();
  }

  /** Signed on: the registration's lines (which servers do not throttle) no longer count. */
  void signedOn() {
    timerAt = 0;
  }

  /** Lines waiting now (for tests and the log). */
  int waiting() {
    return queue.stream().mapToInt(p -> p.lines().size()).sum();
  }

  private void count() {
    long now = clock.getAsLong();
    timerAt = Math.max(timerAt, now) + lineMs;
  }

  /** Milliseconds until one more line may go without passing the burst. */
  long waitMs() {
    long now = clock.getAsLong();
    return Math.max(0, Math.max(timerAt, now) + lineMs - now - burstMs);
  }

  private void drain() {
    while (!closed && !queue.isEmpty()) {
      Pending head = queue.peek();
      long now = clock.getAsLong();
      long wait = waitMs();
      if (wait > 0 && now + wait > head.deadline()) {
        queue.poll();
        log.info("A message of {} lines waited for the IRC server's flood limit longer than {} ms; not sent",
            head.lines().size(), maxHoldMs);
        head.sent().fail(FailureCode.RATE_LIMITED.exception("The IRC server's flood limit held this message back "
            + "for too long (it allows about one line every " + (lineMs / 1000.0) + " s after a burst); it was not sent. "
            + "Wait a moment and send it again."));
        continue;
      }
      if (wait > 0) {
        if (timer < 0) {
          timer = vertx.setTimer(wait, id -> {
            timer = -1;
            drain();
          });
        }
        return;
      }
      // One line at a time: a long message shares the limit with the lines behind it.
      String line = head.lines().get(0);
      count();
      wire.accept(line);
      if (head.lines().size() == 1) {
        queue.poll();
        head.sent().complete();
      } else {
        queue.poll();
        // Begun is finished: the rest of a message never fails half-way for the limit.
        queue.addFirst(new Pending(head.lines().subList(1, head.lines().size()), head.sent(), Long.MAX_VALUE));
      }
    }
  }

  /** The connection is gone: everything waiting fails. */
  void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.sent().tryFail(FailureCode.NOT_CONNECTED.exception(null));
    }
  }
}
