package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void aKeyIsNewOnceAndTheOldestAreForgotten() {
    RecentIds recent = new RecentIds();
    assertTrue(recent.firstTime("a"));
    assertFalse(recent.firstTime("a"));
    assertTrue(recent.firstTime(null));
    assertTrue(recent.firstTime(null));
    for (int i = 0; i < RecentIds.SIZE; i++) {
      assertTrue(recent.firstTime("k" + i));
    }
    // "a" was the oldest: gone, so the bound holds.
    assertTrue(recent.firstTime("a"));
    assertFalse(recent.firstTime("k" + (RecentIds.SIZE - 1)));
  }
}
