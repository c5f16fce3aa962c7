package parley.oscar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import parley.oscar.wire.RateClass;

class RateLimiterTest {
  private static final RateClass MESSAGES = new RateClass(2, 5, 800, 700, 500, 400, 2000, 2000);

  @Test
  void sendsAtOnceWhileTheLevelStaysAboveTheAlertLevel() {
    assertEquals(0, RateLimiter.waitMs(MESSAGES, 2000, 0, false));
    assertEquals(0, RateLimiter.waitMs(MESSAGES, 880, 0, false));
  }

  @Test
  void waitsJustLongEnoughToStayAtTheAlertLevel() {
    // (4 * 819 + gap) / 5 >= 700  needs a gap of 224 ms
    long wait = RateLimiter.waitMs(MESSAGES, 819, 0, false);
    assertEquals(225, wait);
    assertEquals(true, MESSAGES.nextLevel(819, wait) >= MESSAGES.alertLevel());
    assertEquals(125, RateLimiter.waitMs(MESSAGES, 819, 100, false));
  }

  @Test
  void whileLimitedWaitsForTheClearLevel() {
    // (4 * 450 + gap) / 5 >= 800  needs a gap of 2200 ms
    assertEquals(2201, RateLimiter.waitMs(MESSAGES, 450, 0, true));
    assertEquals(true, MESSAGES.nextLevel(450, 2201) >= MESSAGES.clearLevel());
  }
}
