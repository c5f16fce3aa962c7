package parley.session.testing;

import java.util.function.BooleanSupplier;

/** Waits for something a process does on its own time (a write in the user's order, a lease taken). */
public final class Eventually {
  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code ms} milliseconds. */
  public static void awaitUntil(BooleanSupplier condition, long ms, String what) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + ms + " ms: " + what);
      }
      Thread.sleep(20);
    }
  }
}
