package parley.oscar;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import parley.contract.FailureCode;

/**
 * Proves that the server still answers. FLAP keepalives are one-way, so a stopped server looks
 * alive; instead a request the server must answer (a probe) goes out every interval and after each
 * sent message, and one left unanswered past the timeout means the server stopped answering.
 * The server answers in order, so the answer to a probe sent after a message also proves that the
 * message was read: {@link #confirm()} completes then.
 */
final class Liveness {
  /** Sends one probe; completes with its SNAC request id once it is on the wire. */
  interface Prober extends Supplier<Future<Long>> {}

  private final Vertx vertx;
  private final Prober prober;
  private final long intervalMs;
  private final long timeoutMs;
  private final Runnable onHung;
  private final Map<Long, Probe> inFlight = new HashMap<>();
  /** A probe queued but not yet written: what waits for it now is covered by it. */
  private Probe open;
  private long periodic = -1;
  private boolean stopped;

  private final class Probe {
    final List<Promise<Void>> waiters = new ArrayList<>();
    long timer = -1;
  }

  Liveness(Vertx vertx, Prober prober, long intervalMs, long timeoutMs, Runnable onHung) {
    this.vertx = vertx;
    this.prober = prober;
    this.intervalMs = intervalMs;
    this.timeoutMs = timeoutMs;
    this.onHung = onHung;
  }

  void start() {
    periodic = vertx.setPeriodic(intervalMs, id -> {
      if (inFlight.isEmpty() && open == null) {
        probe();
      }
    });
  }

  /** Completes when the server has answered a probe sent after everything written so far. */
  Future<Void> confirm() {
    if (stopped) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    Promise<Void> done = Promise.promise();
    (open != null ? open : probe()).waiters.add(done);
    return done.future();
  }

  private Probe probe() {
    Probe probe = new Probe();
    open = probe;
    prober.get().onComplete(ar -> {
      if (open == probe) {
        open = null;
      }
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        probe.waiters.forEach(w -> w.tryFail(ar.cause()));
        return;
      }
      long id = ar.result();
      inFlight.put(id, probe);
      probe.timer = vertx.setTimer(timeoutMs, t -> {
        // Left in flight: stopping fails its waiters along with the others.
        if (inFlight.containsKey(id) && !stopped) {
          onHung.run();
        }
      });
    });
    return probe;
  }

  /** The server answered request {@code requestId}; true if that was a probe. */
  boolean answered(long requestId) {
    Probe probe = inFlight.remove(requestId);
    if (probe == null) {
      return false;
    }
    vertx.cancelTimer(probe.timer);
    probe.waiters.forEach(Promise::tryComplete);
    return true;
  }

  /** The session ended: whatever waits fails with {@code cause}. */
  void stop(Throwable cause) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
    }
    List<Probe> all = new ArrayList<>(inFlight.values());
    if (open != null) {
      all.add(open);
    }
    inFlight.clear();
    open = null;
    for (Probe p : all) {
      if (p.timer >= 0) {
        vertx.cancelTimer(p.timer);
      }
      p.waiters.forEach(w -> w.tryFail(cause));
    }
  }
}
