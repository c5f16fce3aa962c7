package parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user's writes go one after another ({@link UserSession#inOrder}); how long the oldest one still
 * waiting for the earlier ones has waited is what load shedding reads of that backlog.
 */
class UserSessionWritesTest {
  @Test
  void theOldestWriteWaitingBehindTheUsersEarlierOnesIsMeasuredFromWhenItWasQueued() {
    UserSession user = new UserSession("u1", "alice", null);
    long before = System.currentTimeMillis();
    assertEquals(0, user.oldestQueuedWriteMs(before), "nothing waits");

    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    List<String> begun = new ArrayList<>();
    user.inOrder(() -> {
      begun.add("first");
      return first.future();
    });
    assertEquals(0, user.oldestQueuedWriteMs(before + 10_000), "the first began at once: nothing waits behind");
    Future<Void> secondDone = user.inOrder(() -> {
      begun.add("second");
      return second.future();
    });
    user.inOrder(() -> {
      begun.add("third");
      return Future.succeededFuture();
    });
    long queued = System.currentTimeMillis();
    long waited = user.oldestQueuedWriteMs(queued + 5_000);
    assertTrue(waited >= 5_000 && waited <= 5_000 + (queued - before), "the second waited since it was queued: " + waited);

    first.complete();
    assertEquals(List.of("first", "second"), begun);
    assertTrue(user.oldestQueuedWriteMs(queued + 5_000) >= 5_000, "the third still waits behind the second");
    second.complete();
    assertTrue(secondDone.succeeded());
    assertEquals(List.of("first", "second", "third"), begun);
    assertEquals(0, user.oldestQueuedWriteMs(queued + 5_000), "all begun");
  }
}
