package parley.nodekit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;

/** The retry rule of every protocol node, with a clock the test moves. */
class ReconnectsTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicReference<ImFailure> gaveUp = new AtomicReference<>();
  private final List<Long> delays = new ArrayList<>();
  private final Reconnects reconnects = new Reconnects(vertx,
      new NodeEvents(vertx.eventBus(), "node", "user", "account"), 1, 60, now::get);

  private static final ImFailure KILLED = new ImFailure(FailureCode.IM_ERROR,
      "The IM server reported an error (not-well-formed).", true);

  @AfterEach
  void close() {
    reconnects.cancel();
    vertx.close().await();
  }

  /** The connection comes up and ends {@code afterMs} later with {@code failure}. */
  private void upThenLost(long afterMs, ImFailure failure) {
    reconnects.connected();
    now.addAndGet(afterMs);
    reconnects.schedule(failure, () -> { }, gaveUp::set);
  }

  @Test
  void aConnectionThatFailsTheSameWayRightAfterSignInIsGivenUpWithASentence() {
    for (int i = 1; i < Reconnects.MAX_SAME_SHORT_LIVED; i++) {
      upThenLost(200, KILLED);
      assertNull(gaveUp.get(), "still trying after " + i);
    }
    upThenLost(200, KILLED);
    ImFailure failure = gaveUp.get();
    assertEquals(FailureCode.IM_ERROR, failure.code());
    assertTrue(failure.text().startsWith(KILLED.text() + " This happened 5 times in a row right after signing in"),
        failure.text());
    assertTrue(!failure.retry());
  }

  @Test
  void differentFailuresOrAConnectionThatHeldStartTheCountAgain() {
    for (int i = 1; i < Reconnects.MAX_SAME_SHORT_LIVED; i++) {
      upThenLost(200, KILLED);
    }
    upThenLost(200, new ImFailure(FailureCode.IM_KICKED, "The IM server closed the connection.", true));
    for (int i = 1; i < Reconnects.MAX_SAME_SHORT_LIVED; i++) {
      upThenLost(200, KILLED);
    }
    upThenLost(Reconnects.SHORT_LIVED_MS + 1, KILLED);
    for (int i = 1; i < Reconnects.MAX_SAME_SHORT_LIVED; i++) {
      upThenLost(200, KILLED);
    }
    assertNull(gaveUp.get());
    // Failed tries in between (no connection came up) neither count nor reset.
    reconnects.schedule(new ImFailure(FailureCode.IM_UNREACHABLE, "unreachable", true), () -> { }, gaveUp::set);
    upThenLost(200, KILLED);
    assertEquals(FailureCode.IM_ERROR, gaveUp.get().code());
  }

  @Test
  void theTwoArgumentFormNeverGivesUp() {
    for (int i = 0; i < 3 * Reconnects.MAX_SAME_SHORT_LIVED; i++) {
      reconnects.connected();
      reconnects.schedule(KILLED, () -> { });
    }
    assertNull(gaveUp.get());
  }

  @Test
  void backoffKeepsGrowingWhileConnectionsDieRightAway() throws InterruptedException {
    // One connection that died at once (wait 1 s, cut short by the next): the next wait is 2 s, not 1 s again.
    upThenLost(10, KILLED);
    AtomicLong fired = new AtomicLong();
    long start = System.nanoTime();
    reconnects.connected();
    reconnects.schedule(KILLED, () -> fired.set(System.nanoTime()), gaveUp::set);
    for (int i = 0; i < 100 && fired.get() == 0; i++) {
      Thread.sleep(50);
    }
    assertTrue(fired.get() - start >= 1_900_000_000L, () -> "waited " + (fired.get() - start) / 1_000_000 + " ms");
  }
}
