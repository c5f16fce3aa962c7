package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The throttle's arithmetic and its memory bound, on a clock the test sets. */
class FailureThrottleTest {
  @Test
  void freeFailuresThenADoublingDelayUpToTheCap() {
    FailureThrottle t = new FailureThrottle(3, 1000, 4000, 60_000, 100);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.waitMs("k", 0));
      t.failed("k", 0);
    }
    assertEquals(1000, t.waitMs("k", 0));
    assertEquals(400, t.waitMs("k", 600));
    t.failed("k", 1000);
    assertEquals(2000, t.waitMs("k", 1000));
    t.failed("k", 3000);
    t.failed("k", 7000);
    t.failed("k", 11_000);
    assertEquals(4000, t.waitMs("k", 11_000), "never more than the cap");
    t.forget("k");
    assertEquals(0, t.waitMs("k", 11_000));
  }

  @Test
  void keysAreForgottenAfterAWhileAndTheirNumberIsCapped() {
    FailureThrottle t = new FailureThrottle(1, 1000, 4000, 60_000, 3);
    t.failed("a", 0);
    t.failed("b", 10);
    t.failed("c", 20);
    t.failed("d", 30);
    assertEquals(3, t.size(), "past the cap the key with the oldest failure goes");
    assertEquals(0, t.waitMs("a", 30));
    assertEquals(1000 - 20, t.waitMs("b", 30));
    t.failed("e", 100_000);
    assertEquals(1, t.size(), "keys whose last failure is older than the forget time are dropped");
  }
}
