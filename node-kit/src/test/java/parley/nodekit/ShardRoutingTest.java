package parley.nodekit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import parley.boot.ShardRouter;
import parley.contract.Addresses;
import parley.contract.Headers;
import parley.contract.Shards;
import parley.contract.session.ShardAcquired;
import parley.contract.node.MessageReceived;

/**
 * A protocol node's events on their way to the session shards, over a real Vert.x event bus: held
 * in order while a shard has no owner, bounded, sent again with the same event id when unanswered.
 */
class ShardRoutingTest {
  private static final int SHARDS = 4;
  private static final String USER = "user-a";
  private static final int SHARD = Shards.of(USER, SHARDS);

  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private final AtomicInteger dropped = new AtomicInteger();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<String> kinds = new CopyOnWriteArrayList<>();
  /** A user whose shard is not {@link #USER}'s. */
  private static final String OTHER_USER = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "user-" + i)
      .filter(u -> Shards.of(u, SHARDS) != SHARD).findFirst().orElseThrow();
  private static final int OTHER_SHARD = Shards.of(OTHER_USER, SHARDS);
  /** The shards the router said had a gap to fill, in order. */
  private final List<Integer> gaps = new CopyOnWriteArrayList<>();
  private ShardRouter router;
  private NodeEvents events;
  private NodeEvents other;
  private long eventCount;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A router of the given bound and reply timeout, with one account's events going through it. */
  private void startRouter(int capacity, long replyTimeoutMs) {
    startRouter(capacity, capacity, replyTimeoutMs);
  }

  /** The same with a bound per shard too. */
  private void startRouter(int capacity, int perShard, long replyTimeoutMs) {
    onLoop(() -> {
      router = new ShardRouter(vertx, SHARDS, Headers.KIND_IM_EVENT, Addresses.SESSION_IM_EVENTS, capacity, perShard,
          replyTimeoutMs, shard -> dropped.incrementAndGet());
      router.onGapToFill(gaps::add).start();
      events = new NodeEvents(vertx.eventBus(), "node-1", USER, "account-1", null, null, null, router,
          () -> "node-1:" + ++eventCount);
      other = new NodeEvents(vertx.eventBus(), "node-1", OTHER_USER, "account-2", null, null, null, router,
          () -> "node-1:" + ++eventCount);
      return null;
    });
  }

  private void sendOtherEvents(int from, int to) {
    onLoop(() -> {
      for (int i = from; i < to; i++) {
        other.send(new MessageReceived("bob", "hi", (long) i));
      }
      return null;
    });
  }

  private void sendEvents(int from, int to) {
    onLoop(() -> {
      for (int i = from; i < to; i++) {
        events.send(new MessageReceived("bob", "hi", (long) i));
      }
      return null;
    });
  }

  /** The session process taking a shard: it consumes the shard address and says so on the notice address. */
  private void ownShard(int shard, java.util.function.Consumer<io.vertx.core.eventbus.Message<JsonObject>> answer) {
    vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(shard), m -> {
      received.add(m.body());
      kinds.add(m.headers().get(Headers.KIND));
      answer.accept(m);
    }).completion().await();
    announce(shard);
  }

  private void announce(int shard) {
    vertx.eventBus().publish(Addresses.SESSION_SHARDS, new ShardAcquired(shard, 1, "session-1").toJson());
  }

  @Test
  void eventsForAShardWithoutOwnerAreDeliveredInOrderOnceOneRegisters() throws Exception {
    startRouter(1000, 5000);
    announce((SHARD + 1) % SHARDS); // a sharded session runs, but nobody owns this user's shard yet
    Thread.sleep(100);
    sendEvents(0, 30);
    Thread.sleep(700); // a few tries find no owner
    assertTrue(received.isEmpty());
    assertEquals(30, onLoop(router::held));

    long owned = System.nanoTime();
    ownShard(SHARD, m -> m.reply(new JsonObject()));
    awaitReceived(30);
    // Sent at the notice, not at the next try of the backoff (which by now waits up to 2 s).
    assertTrue(System.nanoTime() - owned < TimeUnit.MILLISECONDS.toNanos(1500), "delivered at the shard-acquired notice");
    for (int i = 0; i < 30; i++) {
      JsonObject e = received.get(i);
      assertEquals(i, e.getInteger("ts"));
      assertEquals("node-1:" + (i + 1), e.getString("eventId"));
      assertEquals(USER, e.getString("userId"));
      assertEquals("account-1", e.getString("accountId"));
    }
    assertTrue(kinds.stream().allMatch(Headers.KIND_IM_EVENT::equals), kinds::toString);
    awaitHeld(0);
  }

  @Test
  void anEventSaysHowLongItWaitedBehindTheShardsEarlierOnesNotHowLongItWaitedForAnOwner() throws Exception {
    startRouter(1000, 5000);
    announce(OTHER_SHARD); // a sharded session runs, but nobody owns this user's shard yet
    Thread.sleep(100);
    sendEvents(0, 5);
    Thread.sleep(700); // a few tries find no owner
    List<Long> held = new CopyOnWriteArrayList<>();
    // An owner that takes 200 ms to apply each event.
    ownShard(SHARD, m -> {
      held.add(Long.parseLong(m.headers().get(Headers.HELD_MS)));
      vertx.setTimer(200, id -> m.reply(new JsonObject()));
    });
    long deadline = System.currentTimeMillis() + 5_000;
    while (held.size() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(5, held.size(), "events taken");
    assertTrue(held.get(0) < 300, "the first event waited only for an owner, yet says " + held.get(0) + " ms");
    assertTrue(held.get(4) >= 600, "the fifth waited behind four taking 200 ms each, yet says " + held.get(4) + " ms");
  }

  @Test
  void aFullBufferDropsNewEventsAndSaysSoOnce() throws Exception {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ShardRouter.class);
    logger.addAppender(lines);
    lines.start();
    try {
      startRouter(5, 5000);
      announce((SHARD + 1) % SHARDS);
      Thread.sleep(100);
      sendEvents(0, 12);
      assertEquals(5, onLoop(router::held));
      assertEquals(7, dropped.get());
      List<ILoggingEvent> warnings = new ArrayList<>(lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList());
      assertEquals(1, warnings.size(), warnings::toString);
      assertTrue(warnings.get(0).getFormattedMessage().contains("shard " + SHARD), warnings.get(0).getFormattedMessage());

      // An owner appears: the five held go, in order; the next event is taken again and the episode's count is said.
      ownShard(SHARD, m -> m.reply(new JsonObject()));
      awaitReceived(5);
      awaitHeld(0);
      sendEvents(12, 13);
      awaitReceived(6);
      assertEquals(List.of(0, 1, 2, 3, 4, 12), received.stream().map(e -> e.getInteger("ts")).toList());
      List<String> said = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(2, said.size(), said::toString);
      assertTrue(said.get(1).contains("Dropped 7") && said.get(1).contains("shard " + SHARD), said.get(1));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void oneShardsFloodDoesNotCrowdOutAnotherShardsEvents() throws Exception {
    // 100 held over all shards, 10 per shard; neither shard has an owner yet.
    startRouter(100, 10, 5000);
    announce((SHARD + 2) % SHARDS == OTHER_SHARD ? (SHARD + 3) % SHARDS : (SHARD + 2) % SHARDS);
    Thread.sleep(100);
    sendEvents(0, 150); // one looping user
    sendOtherEvents(0, 5); // everyone else

    ownShard(OTHER_SHARD, m -> m.reply(new JsonObject()));
    awaitReceived(5);
    assertEquals(List.of(0, 1, 2, 3, 4), received.stream().map(e -> e.getInteger("ts")).toList());
    assertTrue(received.stream().allMatch(e -> OTHER_USER.equals(e.getString("userId"))), received::toString);
    // The other shard lost nothing, so it has no gap to fill; the looping user's shard holds its 10.
    Thread.sleep(200);
    assertEquals(List.of(), gaps);
    assertEquals(10, onLoop(router::held));
    assertEquals(140, dropped.get());
  }

  @Test
  void theBoundOverAllShardsHoldsToo() throws Exception {
    startRouter(12, 10, 5000);
    announce((SHARD + 2) % SHARDS == OTHER_SHARD ? (SHARD + 3) % SHARDS : (SHARD + 2) % SHARDS);
    Thread.sleep(100);
    sendEvents(0, 10);
    sendOtherEvents(0, 5);
    assertEquals(12, onLoop(router::held));
    assertEquals(3, dropped.get());
  }

  @Test
  void aShardThatDroppedEventsIsReportedOnceWhatItHeldHasGone() throws Exception {
    startRouter(100, 3, 5000);
    announce((SHARD + 2) % SHARDS == OTHER_SHARD ? (SHARD + 3) % SHARDS : (SHARD + 2) % SHARDS);
    Thread.sleep(100);
    sendEvents(0, 5);
    assertEquals(2, dropped.get());
    assertEquals(List.of(), gaps, "no gap is reported while the shard has no owner: its filling would be dropped too");
    ownShard(SHARD, m -> m.reply(new JsonObject()));
    awaitReceived(3);
    awaitHeld(0);
    long deadline = System.currentTimeMillis() + 2000;
    while (gaps.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(SHARD), gaps);
    // Later events without a drop report nothing more.
    sendEvents(5, 8);
    awaitReceived(6);
    Thread.sleep(200);
    assertEquals(List.of(SHARD), gaps);
  }

  @Test
  void anEventWhoseReplyFailedIsSentAgainWithTheSameEventId() throws Exception {
    startRouter(1000, 300);
    AtomicInteger tries = new AtomicInteger();
    // The first try gets no answer (the owner died before answering): the reply times out.
    ownShard(SHARD, m -> {
      if (tries.incrementAndGet() > 1) {
        m.reply(new JsonObject());
      }
    });
    sendEvents(0, 2);
    awaitReceived(3);
    assertEquals(List.of("node-1:1", "node-1:1", "node-1:2"), received.stream().map(e -> e.getString("eventId")).toList());
    awaitHeld(0);
  }

  @Test
  void anEventInFlightToAnOwnerThatDiedGoesToTheNextOwnerAtItsNoticeNotAtTheReplyTimeout() throws Exception {
    startRouter(1000, 10_000);
    // The first owner takes the head and dies before answering (SIGKILL): no answer comes until the reply timeout.
    io.vertx.core.eventbus.MessageConsumer<JsonObject> dead = vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(SHARD),
        m -> received.add(m.body()));
    dead.completion().await();
    announce(SHARD);
    sendEvents(0, 3);
    awaitReceived(1);
    dead.unregister().await();

    // Another process takes the shard over and says so: what waits goes to it now, in order, the head with its event id.
    long owned = System.nanoTime();
    ownShard(SHARD, m -> m.reply(new JsonObject()));
    awaitReceived(4);
    assertTrue(System.nanoTime() - owned < TimeUnit.MILLISECONDS.toNanos(2000), "sent at the shard-acquired notice");
    assertEquals(List.of("node-1:1", "node-1:1", "node-1:2", "node-1:3"),
        received.stream().map(e -> e.getString("eventId")).toList());
    awaitHeld(0);
  }

  @Test
  void anEventSentAgainAtTheNoticeToTheDeadOwnersStillListedConsumerGoesAgainWithinSecondsNotAtTheReplyTimeout()
      throws Exception {
    startRouter(1000, 10_000);
    // The killed owner's consumers, which this process's view of the cluster still lists for a few
    // seconds after the member left: whatever reaches them is lost, never answered.
    List<JsonObject> lost = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(SHARD), m -> lost.add(m.body())).completion().await();
    }
    announce(SHARD);
    sendEvents(0, 1);
    long deadline = System.currentTimeMillis() + 5000;
    while (lost.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    long owned = System.nanoTime();
    ownShard(SHARD, m -> m.reply(new JsonObject()));
    awaitReceived(1);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - owned);
    assertTrue(tookMs < 5000, "the new owner got the event " + tookMs + " ms after its notice (" + lost.size()
        + " tries lost), not at the 10-s reply timeout");
    awaitHeld(0);
  }

  @Test
  void beforeAnyShardOwnerIsSeenEventsGoToTheUnshardedAddressOfAPreviousSession() throws Exception {
    List<JsonObject> legacy = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.SESSION_IM_EVENTS, m -> legacy.add(m.body())).completion().await();
    startRouter(1000, 5000);
    sendEvents(0, 3);
    long deadline = System.currentTimeMillis() + 5000;
    while (legacy.size() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(0, 1, 2), legacy.stream().map(e -> e.getInteger("ts")).toList());
    awaitHeld(0);
  }

  @Test
  void anEventTheOwnerRefusesIsNotRepeated() throws Exception {
    startRouter(1000, 5000);
    ownShard(SHARD, m -> {
      if (m.body().getInteger("ts") == 0) {
        m.fail(400, "bad event");
      } else {
        m.reply(new JsonObject());
      }
    });
    sendEvents(0, 2);
    awaitReceived(2);
    Thread.sleep(300);
    assertEquals(List.of(0, 1), received.stream().map(e -> e.getInteger("ts")).toList());
    assertFalse(onLoop(router::held) > 0);
  }

  @Test
  void anEventTheOwnerCannotStoreNowIsSentAgainInOrder() throws Exception {
    startRouter(1000, 5000);
    java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    ownShard(SHARD, m -> {
      // The session's database is away, or the shard is moving: STORAGE_UNAVAILABLE means "not now".
      if (m.body().getInteger("ts") == 0 && refusals.getAndIncrement() < 2) {
        parley.contract.FailureCode.STORAGE_UNAVAILABLE.fail(m, "Your session is moving to another server; try again in a moment.");
      } else {
        accepted.add(m.body().getInteger("ts"));
        m.reply(new JsonObject());
      }
    });
    sendEvents(0, 2);
    awaitReceived(4);
    assertEquals(List.of(0, 1), accepted);
    assertEquals(List.of(0, 0, 0, 1), received.stream().map(e -> e.getInteger("ts")).toList());
  }

  @Test
  void aRequestRefusedAsMovingIsAskedAgainAndAnsweredByTheNextOwner() throws Exception {
    startRouter(1000, 5000);
    AtomicInteger asked = new AtomicInteger();
    ownShard(SHARD, m -> {
      // The first owner was handing the shard over: it did not apply the command.
      if (asked.getAndIncrement() == 0) {
        parley.contract.FailureCode.STORAGE_UNAVAILABLE.fail(m, Shards.MOVING_TEXT);
      } else {
        m.reply(new JsonObject().put("answeredBy", "next owner"));
      }
    });
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    loop.runOnContext(v -> router.request(USER, new JsonObject().put("type", "presence.set"), java.util.Map.of())
        .onComplete(ar -> {
          if (ar.succeeded()) {
            answer.complete((JsonObject) ar.result().body());
          } else {
            answer.completeExceptionally(ar.cause());
          }
        }));
    assertEquals("next owner", answer.get(10, java.util.concurrent.TimeUnit.SECONDS).getString("answeredBy"));
    assertEquals(2, asked.get());
  }

  @Test
  void aCommandInFlightToAnOwnerThatDiedIsAnsweredInWordsSoonAfterTheNextOwnerTakesTheShard() throws Exception {
    startRouter(1000, 20_000);
    // The owner takes the command and dies before answering (SIGKILL): no answer would come before the reply timeout.
    io.vertx.core.eventbus.MessageConsumer<JsonObject> dead = vertx.eventBus().<JsonObject>consumer(Addresses.sessionShard(SHARD),
        m -> received.add(m.body()));
    dead.completion().await();
    announce(SHARD);
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    loop.runOnContext(v -> router.request(USER, new JsonObject().put("type", "message.send"), java.util.Map.of())
        .onComplete(ar -> failure.complete(ar.succeeded() ? null : ar.cause())));
    awaitReceived(1);
    dead.unregister().await();

    // The next owner takes the shard: the command is not asked again (it may have been carried out), and the
    // browser learns that in words soon, not from the bus's timeout.
    long owned = System.nanoTime();
    ownShard(SHARD, m -> m.reply(new JsonObject()));
    Throwable t = failure.get(15, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - owned < TimeUnit.MILLISECONDS.toNanos(6000), "answered soon after the new owner came");
    assertTrue(t instanceof io.vertx.core.eventbus.ReplyException, String.valueOf(t));
    io.vertx.core.eventbus.ReplyException r = (io.vertx.core.eventbus.ReplyException) t;
    assertEquals(parley.contract.FailureCode.INTERNAL.code(), r.failureCode());
    assertEquals(Shards.ORPHANED_TEXT, r.getMessage());
    Thread.sleep(300);
    assertEquals(1, received.size(), "not sent to the next owner: " + received);
  }

  private void awaitReceived(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (received.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, received.size(), () -> "received " + received);
  }

  private void awaitHeld(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (onLoop(router::held) != count && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, onLoop(router::held));
  }

  /** Runs on the router's event loop, where it is used, and waits for the result. */
  private <T> T onLoop(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> {
      try {
        result.complete(work.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
