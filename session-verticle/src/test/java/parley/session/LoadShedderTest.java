package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;
import parley.contract.ParleyException;

/**
 * The event loop's lateness as the load shedder sees it (issue 16), on a real Vert.x event loop:
 * a loop that has work queued for longer than the limit refuses sends, also when the queue stays
 * that long for seconds (the loop keeps running, just late), and a loop that keeps up does not.
 */
class LoadShedderTest {
  private static final long LIMIT_MS = 700;
  /** The work kept queued on the loop: well over the limit. */
  private static final long BACKLOG_MS = 2_000;
  private static final long CHUNK_MS = 50;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private LoadShedder startedOn(Context context) throws Exception {
    LoadShedder shedder = new LoadShedder(() -> 0, () -> 0, 60_000, LIMIT_MS, () -> { });
    CompletableFuture<Void> started = new CompletableFuture<>();
    context.runOnContext(v -> {
      shedder.start(vertx);
      started.complete(null);
    });
    started.get(5, TimeUnit.SECONDS);
    return shedder;
  }

  /** What the shedder answers to a send that reaches the loop now (it waits its turn as a send would). */
  private static ParleyException askOn(Context context, LoadShedder shedder) throws Exception {
    CompletableFuture<ParleyException> answer = new CompletableFuture<>();
    context.runOnContext(v -> answer.complete(shedder.refusal()));
    return answer.get(30, TimeUnit.SECONDS);
  }

  /** Queues {@code ms} of work on the loop, in tasks of 2 ms (a burst of bus messages, say). */
  private static void queueWork(Context context, long ms, AtomicInteger left) {
    for (long i = 0; i < ms / 2; i++) {
      left.incrementAndGet();
      context.runOnContext(v -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        left.decrementAndGet();
      });
    }
  }

  @Test
  void aLoopThatKeepsUpTakesSends() throws Exception {
    Context context = vertx.getOrCreateContext();
    LoadShedder shedder = startedOn(context);
    Thread.sleep(3 * LoadShedder.TICK_MS);
    assertNull(askOn(context, shedder));
  }

  @Test
  void aLoopKeptBehindForSecondsRefusesSends() throws Exception {
    Context context = vertx.getOrCreateContext();
    LoadShedder shedder = startedOn(context);
    AtomicInteger left = new AtomicInteger();
    // Two seconds of work queued at once, then as much again as the loop gets through, for three
    // seconds: the loop runs all along (its timers too), each task two seconds after it was queued.
    queueWork(context, BACKLOG_MS, left);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < end) {
      Thread.sleep(CHUNK_MS);
      queueWork(context, CHUNK_MS, left);
    }
    ParleyException refused = askOn(context, shedder);
    assertNotNull(refused, "a send reaching a loop two seconds behind was taken");
    assertEquals(FailureCode.OVERLOADED, refused.code());
    while (left.get() > 0) {
      Thread.sleep(CHUNK_MS);
    }
    // Caught up: the next tick measures a loop on time again.
    Thread.sleep(3 * LoadShedder.TICK_MS);
    assertNull(askOn(context, shedder), "a loop that caught up still refuses sends");
  }
}
